using OmniSupport.Core.Audit;
using OmniSupport.Core.Events;
using OmniSupport.Core.Knowledge;
using OmniSupport.Core.Routing;

namespace OmniSupport.Core.Tests;

public sealed class HelpdeskRulesTests
{
    private static RoutingFacts Facts(string? tier = null, string? value = null, string? channel = null, string? intent = null)
    {
        var attributes = new Dictionary<string, string>();
        if (tier is not null)
        {
            attributes["tier"] = tier;
        }

        if (value is not null)
        {
            attributes["contractValue"] = value;
        }

        return new RoutingFacts(attributes, channel, intent);
    }

    [Fact]
    public void Contract_value_over_the_threshold_matches_and_the_threshold_itself_does_not()
    {
        var rule = new RoutingRule { Queue = "enterprise-callback", ContractValueOver = 50000 };

        Assert.True(RoutingPolicy.Matches(rule, Facts(value: "60000")));
        Assert.False(RoutingPolicy.Matches(rule, Facts(value: "50000")));
        Assert.False(RoutingPolicy.Matches(rule, Facts(value: "5000")));
        Assert.False(RoutingPolicy.Matches(rule, Facts()));
    }

    [Fact]
    public void Tier_lists_are_case_insensitive_and_a_rule_without_conditions_matches_all()
    {
        Assert.True(RoutingPolicy.Matches(new RoutingRule { Queue = "q", Tier = "gold, Enterprise" }, Facts(tier: "enterprise")));
        Assert.False(RoutingPolicy.Matches(new RoutingRule { Queue = "q", Tier = "gold" }, Facts(tier: "silver")));
        Assert.True(RoutingPolicy.Matches(new RoutingRule { Queue = "q" }, Facts()));
    }

    [Fact]
    public void An_audit_hash_changes_with_the_entry_the_partition_the_sequence_and_the_previous_hash()
    {
        var entry = new AuditEntry { Id = "aud_1", At = DateTimeOffset.UnixEpoch, Actor = "api-key:a", Action = "GET x", Resource = "/api/x" };
        var canonical = AuditChain.Canonicalize(entry);
        var hash = AuditChain.Hash("day:1970-01-01", 1, AuditChain.Genesis, canonical);

        Assert.Equal(hash, AuditChain.Hash("day:1970-01-01", 1, AuditChain.Genesis, canonical));
        Assert.NotEqual(hash, AuditChain.Hash("day:1970-01-02", 1, AuditChain.Genesis, canonical));
        Assert.NotEqual(hash, AuditChain.Hash("day:1970-01-01", 2, AuditChain.Genesis, canonical));
        Assert.NotEqual(hash, AuditChain.Hash("day:1970-01-01", 1, new string('1', 64), canonical));
        Assert.NotEqual(hash, AuditChain.Hash("day:1970-01-01", 1, AuditChain.Genesis, canonical.Replace("api-key:a", "api-key:b", StringComparison.Ordinal)));
    }

    [Fact]
    public void Webhook_retries_back_off_exponentially_up_to_the_cap()
    {
        var o = new HelpdeskWebhookOptions { BaseDelaySeconds = 5, MaxDelaySeconds = 60 };

        Assert.Equal([5, 10, 20, 40, 60, 60], Enumerable.Range(1, 6).Select(a => DeliverWebhook.Backoff(o, a).TotalSeconds));
    }

    [Fact]
    public void The_signature_is_hmac_sha256_over_timestamp_dot_body()
    {
        // Known answer computed with openssl: printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'secret'
        var signature = WebhookSignature.Sign("secret", "1700000000", "{\"a\":1}");

        Assert.Equal("sha256=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686", signature);
    }

    [Fact]
    public void The_voice_script_speaks_steps_and_drops_urls_and_markup()
    {
        var article = new KnowledgeArticle
        {
            Id = "a",
            Title = "Reset",
            Markdown = "# Reset\n\nSee <https://x.example>.\n\n1. Open **Settings**\n2. Press [Reset](https://x.example/r)",
            CreatedAt = DateTimeOffset.UnixEpoch,
        };

        var voice = ArticleRenderer.Render(article, KnowledgeChannels.Voice, null, "https://x.example/a", 3).Content;

        Assert.Contains("Step 1: Open Settings.", voice, StringComparison.Ordinal);
        Assert.Contains("Step 2: Press Reset.", voice, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", voice, StringComparison.Ordinal);
        Assert.DoesNotContain("*", voice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_article_fits_one_sms_without_a_link_and_a_long_one_is_cut_with_the_link()
    {
        var shortArticle = new KnowledgeArticle { Id = "s", Title = "Hours", Markdown = "We are open 9-5.", CreatedAt = DateTimeOffset.UnixEpoch };
        var longArticle = new KnowledgeArticle { Id = "l", Title = "Long", Markdown = string.Join(' ', Enumerable.Repeat("words", 400)), CreatedAt = DateTimeOffset.UnixEpoch };

        var one = ArticleRenderer.Render(shortArticle, KnowledgeChannels.Sms, null, "https://x.example/s", 2);
        var cut = ArticleRenderer.Render(longArticle, KnowledgeChannels.Sms, null, "https://x.example/l", 2);

        Assert.Equal(1, one.Sms!.Segments);
        Assert.DoesNotContain("More:", one.Content, StringComparison.Ordinal);
        Assert.Equal(2, cut.Sms!.Segments);
        Assert.EndsWith("... More: https://x.example/l", cut.Content, StringComparison.Ordinal);
    }
}
