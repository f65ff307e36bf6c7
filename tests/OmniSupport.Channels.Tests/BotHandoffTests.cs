using System.Text;
using OmniSupport.Channels.Bots;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Tests;

public sealed class BotHandoffTests
{
    private readonly BotHandoffAdapter _adapter = new(Kit.Monitor(new BotsOptions
    {
        Secrets = new(StringComparer.OrdinalIgnoreCase) { ["dialogflow"] = "df-secret", ["lex"] = "lex-secret", ["generic"] = "generic-secret" },
    }), Kit.Normalizer);

    private static WebhookRequest Post(string platform, byte[] body, string secret) =>
        Kit.Request("bots", platform, body, headers: new() { ["Authorization"] = "Bearer " + secret });

    [Fact]
    public async Task A_dialogflow_cx_request_becomes_a_handoff_with_intent_slots_steps_and_transcript()
    {
        var (ack, items) = await Kit.AcceptedAsync(_adapter, Post("dialogflow", Kit.FixtureBytes("bots/dialogflow.json"), "df-secret"));

        Assert.Equal((200, "{}"), (ack.StatusCode, ack.Body));
        var item = Assert.Single(items);
        Assert.Equal(InboundKinds.Handoff, item.Kind);
        Assert.Equal("df-session-7f3a:a5fa7b1c-9d8e-4f60-b1a2-c3d4e5f60718", item.ProviderMessageId);
        Assert.Equal(new SenderIdentity("email", "ana@example.com"), Assert.Single(item.From));
        var handoff = item.Handoff!;
        Assert.Equal(("dialogflow", "order.refund", 0.62), (handoff.Platform, handoff.Intent, handoff.Confidence));
        Assert.Equal("1234", handoff.Slots["order_number"]);
        Assert.Equal("damaged", handoff.Slots["refund_reason"]);
        Assert.Equal(["page: Refund eligibility", "fulfillment: handoff-to-agent", "order lookup", "refund policy article"], handoff.StepsAttempted);
        Assert.Equal(["customer: I want to talk to a person", "bot: I could not process the refund automatically."], handoff.Transcript);
    }

    [Fact]
    public async Task A_lex_v2_event_becomes_a_handoff_with_interpreted_slot_values()
    {
        var (ack, items) = await Kit.AcceptedAsync(_adapter, Post("lex", Kit.FixtureBytes("bots/lex.json"), "lex-secret"));

        Assert.Equal(202, ack.StatusCode);
        var item = Assert.Single(items);
        Assert.Equal("lex-session-1f2e3d:2f3e4d5c-6b7a-4891-a0b1-c2d3e4f5a6b7", item.ProviderMessageId);
        Assert.Equal(new SenderIdentity("phone", "4155550100"), Assert.Single(item.From));
        var handoff = item.Handoff!;
        Assert.Equal(("MissingPackage", 0.87), (handoff.Intent, handoff.Confidence));
        Assert.Equal("1234", handoff.Slots["OrderNumber"]);
        Assert.False(handoff.Slots.ContainsKey("DeliveryDate"));
        Assert.Equal(["tracking lookup", "carrier claim"], handoff.StepsAttempted);
        Assert.Equal("https://bots.example.com/transcripts/lex-session-1f2e3d", handoff.TranscriptReference);
    }

    [Fact]
    public async Task The_generic_handoff_json_is_read_as_documented()
    {
        var (_, items) = await Kit.AcceptedAsync(_adapter, Post("generic", Kit.FixtureBytes("bots/generic.json"), "generic-secret"));

        var item = Assert.Single(items);
        Assert.Equal("web-bot-42:5", item.ProviderMessageId);
        Assert.Equal(("chat", "Ana Silva", "agent please"), (item.Channel, item.DisplayName, item.Text));
        Assert.Equal(3, item.Handoff!.Transcript.Count);
        Assert.Equal("INV-2024-0042", item.Handoff.Slots["invoice"]);
    }

    [Fact]
    public async Task The_same_turn_posted_twice_has_the_same_dedupe_key()
    {
        var body = Kit.FixtureBytes("bots/generic.json");
        var (_, first) = await Kit.AcceptedAsync(_adapter, Post("generic", body, "generic-secret"));
        var (_, second) = await Kit.AcceptedAsync(_adapter, Post("generic", body, "generic-secret"));

        Assert.Equal(first[0].ProviderMessageId, second[0].ProviderMessageId);
    }

    [Fact]
    public async Task A_wrong_bearer_or_another_platforms_secret_is_401()
    {
        await Kit.RejectedAsync(_adapter, Post("dialogflow", Kit.FixtureBytes("bots/dialogflow.json"), "lex-secret"), 401);
        await Kit.RejectedAsync(_adapter, Kit.Request("bots", "lex", Kit.FixtureBytes("bots/lex.json")), 401);
    }

    [Fact]
    public async Task A_malformed_body_or_one_without_a_customer_identity_is_400()
    {
        await Kit.RejectedAsync(_adapter, Post("generic", Encoding.UTF8.GetBytes("{oops"), "generic-secret"), 400);
        await Kit.RejectedAsync(_adapter, Post("dialogflow", Encoding.UTF8.GetBytes("{\"text\":\"hi\"}"), "df-secret"), 400);
        var rejected = await Kit.RejectedAsync(_adapter, Post("generic", Encoding.UTF8.GetBytes("{\"sessionId\":\"s\",\"turn\":1}"), "generic-secret"), 400);
        Assert.Contains("email", rejected.Detail);
    }

    [Fact]
    public async Task An_unknown_or_unconfigured_platform_is_404()
    {
        await Kit.RejectedAsync(_adapter, Post("rasa", Kit.FixtureBytes("bots/generic.json"), "x"), 404);
    }
}
