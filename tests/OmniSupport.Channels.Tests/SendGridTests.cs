using System.Security.Cryptography;
using System.Text;
using OmniSupport.Channels.SendGrid;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Tests;

public sealed class SendGridTests : IDisposable
{
    private const string InboundSecret = "parse-secret-7Hq";
    private const string Boundary = "multipart/form-data; boundary=xYzZY";
    private readonly ECDsa _signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly SendGridWebhookAdapter _adapter;

    public SendGridTests()
    {
        _adapter = new SendGridWebhookAdapter(
            Kit.Monitor(new SendGridOptions
            {
                InboundSecret = InboundSecret,
                InboundDomain = "reply.example.com",
                EventWebhookPublicKey = Convert.ToBase64String(_signingKey.ExportSubjectPublicKeyInfo()),
            }),
            Kit.Window(),
            Kit.Normalizer);
    }

    public void Dispose() => _signingKey.Dispose();

    private static WebhookRequest Parse(string fixture, string path = "inbound/" + InboundSecret, Dictionary<string, string>? headers = null) =>
        Kit.Request("sendgrid", path, Kit.MultipartFixture(fixture), Boundary, headers);

    private WebhookRequest Events(byte[] body, DateTimeOffset? at = null, ECDsa? key = null)
    {
        var timestamp = (at ?? Kit.Now).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = (key ?? _signingKey).SignData(EventWebhookSignature.Signed(timestamp, body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return Kit.Request("sendgrid", "events", body, headers: new()
        {
            [EventWebhookSignature.SignatureHeader] = Convert.ToBase64String(signature),
            [EventWebhookSignature.TimestampHeader] = timestamp,
        });
    }

    [Fact]
    public async Task A_parsed_email_becomes_a_message_keyed_by_its_message_id_with_threading_and_the_attachment()
    {
        var (ack, items) = await Kit.AcceptedAsync(_adapter, Parse("sendgrid/parse-parsed.multipart"));

        Assert.Equal(200, ack.StatusCode);
        var message = Assert.Single(items);
        Assert.Equal("CAN_P_JMvV7ZpAQhOnDienypLrJmuhN=LQWweu4yScw4jQyXY2w@mail.gmail.com", message.ProviderMessageId);
        Assert.Equal("email", message.Channel);
        Assert.Equal(new SenderIdentity("email", "ana@example.com"), Assert.Single(message.From));
        Assert.Equal("Ana Silva", message.DisplayName);
        Assert.Equal("Re: Your order 1234", message.Subject);
        Assert.StartsWith("The box arrived damaged, photo attached.", message.Text);
        Assert.Equal(["outbound-7f3c2a@mail.omnisupport.example", "first-1@mail.omnisupport.example"], message.InReplyTo);
        Assert.Equal("<first-1@mail.omnisupport.example> <outbound-7f3c2a@mail.omnisupport.example>", message.Metadata["references"]); // a reply's References starts with these
        Assert.Equal("cnv_0123456789abcdef01234567", message.ConversationHint);
        var attachment = Assert.Single(message.Attachments);
        Assert.Equal(("box.png", "image/png", "PNGFAKEBYTES"), (attachment.FileName, attachment.ContentType, Encoding.UTF8.GetString(Convert.FromBase64String(attachment.ContentBase64))));
        Assert.Equal("pass", message.Metadata["spf"]);
    }

    [Fact]
    public async Task A_raw_mime_email_is_parsed_with_mimekit()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Parse("sendgrid/parse-raw.multipart"));

        var message = Assert.Single(items);
        Assert.Equal("raw-0001@mail.example.com", message.ProviderMessageId);
        Assert.Equal("Ana Martínez", message.DisplayName);
        Assert.Equal("Pedido nº 1234", message.Subject);
        Assert.Equal("Hola, la caja llegó rota.", message.Text?.Trim());
        Assert.Equal(["outbound-99@mail.omnisupport.example"], message.InReplyTo);
        Assert.Equal("<outbound-99@mail.omnisupport.example>", message.Metadata["references"]); // no References header: In-Reply-To stands in
        Assert.Null(message.ConversationHint); // help@reply.example.com is not a reply token
        var attachment = Assert.Single(message.Attachments);
        Assert.Equal(("receipt.pdf", "application/pdf"), (attachment.FileName, attachment.ContentType));
        Assert.Equal("raw", message.Metadata["inbound_parse_mode"]);
        Assert.Equal(("pass", "0.2"), (message.Metadata["spf"], message.Metadata["spam_score"])); // posted beside 'email' in raw mode too
    }

    [Fact]
    public async Task Parsed_fields_are_read_in_the_charset_that_charsets_names()
    {
        static byte[] Field(string name, byte[] value) =>
            [.. Encoding.ASCII.GetBytes($"--xYzZY\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"), .. value, .. "\r\n"u8];
        byte[] body =
        [
            .. Field("from", "Ana <ana@example.com>"u8.ToArray()),
            .. Field("subject", Encoding.Latin1.GetBytes("Pedido nº 1234")),
            .. Field("text", Encoding.Latin1.GetBytes("La caja llegó rota.")),
            .. Field("charsets", "{\"from\":\"UTF-8\",\"subject\":\"iso-8859-1\",\"text\":\"iso-8859-1\"}"u8.ToArray()),
            .. "--xYzZY--\r\n"u8,
        ];

        var (_, items) = await Kit.AcceptedAsync(_adapter, Kit.Request("sendgrid", "inbound/" + InboundSecret, body, Boundary));

        var message = Assert.Single(items);
        Assert.Equal(("Pedido nº 1234", "La caja llegó rota."), (message.Subject, message.Text));
    }

    [Fact]
    public async Task An_email_to_a_long_list_is_accepted_with_the_recipients_that_fit_and_its_reply_token()
    {
        var many = string.Join(", ", Enumerable.Range(1, 200).Select(i => $"colleague-number-{i:D3}@customer-company.example"));
        var fixture = Kit.Fixture("sendgrid/parse-parsed.multipart").Replace(
            "name=\"cc\"\n\n", $"name=\"cc\"\n\n{many}", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(fixture.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

        var (_, items) = await Kit.AcceptedAsync(_adapter, Kit.Request("sendgrid", "inbound/" + InboundSecret, body, Boundary));

        var message = Assert.Single(items);
        Assert.InRange(message.Metadata["to"].Length, 1000, InboundLimits.MaxMetadataValueLength);
        Assert.Equal("cnv_0123456789abcdef01234567", message.ConversationHint);
    }

    [Fact]
    public async Task Basic_auth_with_the_secret_as_password_is_accepted_on_the_bare_path()
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("parse:" + InboundSecret));

        await Kit.AcceptedAsync(_adapter, Parse("sendgrid/parse-parsed.multipart", "inbound", new() { ["Authorization"] = "Basic " + basic }));
    }

    [Fact]
    public async Task A_wrong_path_secret_or_no_credentials_is_401()
    {
        await Kit.RejectedAsync(_adapter, Parse("sendgrid/parse-parsed.multipart", "inbound/not-the-secret"), 401);
        await Kit.RejectedAsync(_adapter, Parse("sendgrid/parse-parsed.multipart", "inbound"), 401);
        var wrongBasic = Convert.ToBase64String(Encoding.UTF8.GetBytes("parse:nope"));
        await Kit.RejectedAsync(_adapter, Parse("sendgrid/parse-parsed.multipart", "inbound", new() { ["Authorization"] = "Basic " + wrongBasic }), 401);
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_or_has_no_sender_is_400()
    {
        await Kit.RejectedAsync(_adapter, Kit.Request("sendgrid", "inbound/" + InboundSecret, Encoding.UTF8.GetBytes("{}")), 400);
        var noSender = Encoding.UTF8.GetBytes("--xYzZY\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\nhello\r\n--xYzZY--\r\n");
        await Kit.RejectedAsync(_adapter, Kit.Request("sendgrid", "inbound/" + InboundSecret, noSender, Boundary), 400);
    }

    [Fact]
    public void A_reply_address_names_its_conversation_only_on_the_inbound_domain()
    {
        Assert.Equal("reply+cnv_1@reply.example.com", ReplyAddress.For("cnv_1", "reply.example.com"));
        Assert.Equal("cnv_1", ReplyAddress.FindToken(["x@y.com", "Reply+cnv_1@REPLY.example.com"], "reply.example.com"));
        Assert.Null(ReplyAddress.FindToken(["reply+cnv_1@elsewhere.example"], "reply.example.com"));
        Assert.Equal("cnv_1", ReplyAddress.FindToken(["reply+cnv_1@elsewhere.example"], ""));
    }

    [Fact]
    public async Task Signed_events_become_delivery_statuses_keyed_by_sg_event_id()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Events(Kit.FixtureBytes("sendgrid/events.json")));

        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal(InboundKinds.DeliveryStatus, i.Kind));
        Assert.Equal(["sg_event_id_delivered_0001", "sg_event_id_bounce_0002"], items.Select(i => i.ProviderMessageId));
        Assert.Equal("14c5d75ce93.dfd.64b469", items[0].RelatedProviderMessageId);
        Assert.Equal("14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0", items[0].Metadata["sg_message_id"]);
        Assert.Equal(("bounce", "500 unknown recipient"), (items[1].Status, items[1].Metadata["reason"]));
    }

    [Fact]
    public async Task Events_signed_with_another_key_or_tampered_are_401()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await Kit.RejectedAsync(_adapter, Events(Kit.FixtureBytes("sendgrid/events.json"), key: other), 401);

        var signed = Events(Kit.FixtureBytes("sendgrid/events.json"));
        var tampered = Kit.Request("sendgrid", "events", Encoding.UTF8.GetBytes(Kit.Fixture("sendgrid/events.json").Replace("bounce", "delivered", StringComparison.Ordinal)),
            headers: new(signed.Headers));
        await Kit.RejectedAsync(_adapter, tampered, 401);
    }

    [Fact]
    public async Task Events_with_a_stale_timestamp_are_401_even_when_signed()
    {
        var rejected = await Kit.RejectedAsync(_adapter, Events(Kit.FixtureBytes("sendgrid/events.json"), at: Kit.Now.AddMinutes(-20)), 401);

        Assert.Contains("replay window", rejected.Detail);
    }

    [Fact]
    public async Task A_signed_body_that_is_not_an_event_array_is_400()
    {
        await Kit.RejectedAsync(_adapter, Events(Encoding.UTF8.GetBytes("{\"event\":\"delivered\"}")), 400);
        await Kit.RejectedAsync(_adapter, Events(Encoding.UTF8.GetBytes("[{\"event\":\"delivered\"}]")), 400);
    }
}
