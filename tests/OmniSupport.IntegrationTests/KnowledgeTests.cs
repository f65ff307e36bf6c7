using System.Net;
using System.Net.Http.Json;
using OmniSupport.Core.Knowledge;
using OmniSupport.TestUtilities;

namespace OmniSupport.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class KnowledgeTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly HubFactory _hub = new(azurite.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private const string Markdown = """
        ## Before you start

        You need the **account owner** role. See [roles](https://help.example.com/roles) if unsure.

        1. Open *Settings* and choose **Billing**.
        2. Select the charge you want to dispute and press `Dispute`.
        3. Describe what went wrong; attach the receipt if you have it.

        We answer disputes within two business days. While we look into it, the charge stays on hold and no late fees apply.
        Refunds go back to the original payment method and take five to ten business days to appear, depending on your bank.
        If the charge was made in another currency, the refunded amount can differ slightly because of exchange rates.
        """;

    [Fact]
    public async Task One_article_renders_four_ways_and_the_sms_form_fits_its_segments()
    {
        var created = await _hub.Api(HubFactory.WriteKey).PostAsJsonAsync("/api/kb/articles", new
        {
            id = "dispute-a-charge",
            title = "Dispute a charge",
            markdown = Markdown,
            variants = new Dictionary<string, string> { ["enterprise"] = "Your **account manager** files disputes for you: reply to this message and we call you back." },
            tags = new[] { "billing" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        async Task<RenderedArticle> Render(string channel, string? tier = null) =>
            (await _hub.Api(HubFactory.ReadKey).GetFromJsonAsync<RenderedArticle>($"/api/kb/articles/dispute-a-charge?channel={channel}" + (tier is null ? "" : "&tier=" + tier)))!;
        var email = await Render("email");
        var chat = await Render("chat");
        var sms = await Render("sms");
        var voice = await Render("voice");
        var enterprise = await Render("chat", "enterprise");

        Assert.Contains("<strong>account owner</strong>", email.Content, StringComparison.Ordinal);
        Assert.Contains("<ol>", email.Content, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://help.example.com/roles\">roles</a>", email.Content, StringComparison.Ordinal);
        Assert.Contains("*account owner*", chat.Content, StringComparison.Ordinal);
        Assert.Contains("[roles](https://help.example.com/roles)", chat.Content, StringComparison.Ordinal);
        Assert.Contains("1. Open _Settings_", chat.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("##", chat.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("*", sms.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("<", sms.Content, StringComparison.Ordinal);
        Assert.NotNull(sms.Sms);
        Assert.True(sms.Sms!.Segments <= 3, $"{sms.Sms.Segments} segments");
        Assert.Equal(sms.Sms, SmsSegments.Measure(sms.Content));
        Assert.EndsWith("More: https://hub.example.com/api/kb/articles/dispute-a-charge?channel=email", sms.Content, StringComparison.Ordinal);
        Assert.Equal("GSM-7", sms.Sms.Encoding);
        Assert.Contains("Step 2: Select the charge you want to dispute and press Dispute.", voice.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("http", voice.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("**", voice.Content, StringComparison.Ordinal);
        Assert.Contains("*account manager*", enterprise.Content, StringComparison.Ordinal);
        Assert.Equal("enterprise", enterprise.Tier);
    }

    [Fact]
    public void Sms_segments_follow_gsm7_and_ucs2_limits()
    {
        Assert.Equal(new SmsLength("GSM-7", 160, 1), SmsSegments.Measure(new string('a', 160)));
        Assert.Equal(2, SmsSegments.Measure(new string('a', 161)).Segments);
        Assert.Equal(2, SmsSegments.Measure(new string('a', 306)).Segments);
        Assert.Equal(3, SmsSegments.Measure(new string('a', 307)).Segments);
        Assert.Equal(2, SmsSegments.Measure("€").Units); // extension table: escape + character
        Assert.Equal(new SmsLength("UCS-2", 70, 1), SmsSegments.Measure(new string('ж', 70)));
        Assert.Equal(2, SmsSegments.Measure(new string('ж', 71)).Segments);
        Assert.Equal(3, SmsSegments.Measure(new string('ж', 135)).Segments);
        var fitted = SmsSegments.Fit(string.Join(' ', Enumerable.Repeat("Привет", 100)), 2, "... More: https://x.example/1");
        Assert.True(SmsSegments.Measure(fitted).Segments <= 2);
        Assert.EndsWith("More: https://x.example/1", fitted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_finds_articles_by_words_and_follows_updates_and_deletes()
    {
        var writer = _hub.Api(HubFactory.WriteKey);
        await writer.PostAsJsonAsync("/api/kb/articles", new { id = "reset-password", title = "Reset your password", markdown = "Open the **login** page and choose *Forgot password*." });
        await writer.PostAsJsonAsync("/api/kb/articles", new { id = "change-email", title = "Change your email", markdown = "Go to profile settings to change the login email." });

        var login = await _hub.Api(HubFactory.ReadKey).GetFromJsonAsync<List<ArticleHit>>("/api/kb/search?q=login%20password");
        Assert.Equal(["reset-password", "change-email"], login!.Select(h => h.Id));

        await writer.PutAsJsonAsync("/api/kb/articles/reset-password", new { title = "Reset your passphrase", markdown = "Use the recovery code." });
        Assert.DoesNotContain((await _hub.Api().GetFromJsonAsync<List<ArticleHit>>("/api/kb/search?q=password"))!, h => h.Id == "reset-password");
        Assert.Single((await _hub.Api().GetFromJsonAsync<List<ArticleHit>>("/api/kb/search?q=recovery"))!, h => h.Id == "reset-password");

        Assert.Equal(HttpStatusCode.NoContent, (await writer.DeleteAsync("/api/kb/articles/change-email")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await writer.DeleteAsync("/api/kb/articles/change-email")).StatusCode); // gone already
        Assert.Empty((await _hub.Api().GetFromJsonAsync<List<ArticleHit>>("/api/kb/search?q=profile"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await _hub.Api().GetAsync("/api/kb/articles/change-email")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _hub.Api().GetAsync("/api/kb/articles/reset-password?channel=fax")).StatusCode);
    }
}
