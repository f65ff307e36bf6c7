using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OmniSupport.Channels.Common;
using OmniSupport.Core.Conversations;
using OmniSupport.Core.Identity;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Channels.Bots;

/// <summary>
/// <c>POST /api/webhooks/bots/{platform}</c>: a bot hands the customer to a human, with what it collected.
/// Platforms: <c>dialogflow</c> (a Dialogflow CX webhook request), <c>lex</c> (an Amazon Lex V2 Lambda input event,
/// forwarded by the bot's code hook) and <c>generic</c> (<see cref="GenericHandoff"/>). Each is verified by its own
/// bearer secret (<c>Channels:Bots:Secrets:{platform}</c>). The item is <see cref="InboundKinds.Handoff"/> with a
/// <see cref="HandoffContext"/>; it is deduplicated on the session id and the turn (Dialogflow's
/// <c>detectIntentResponseId</c>, Lex's <c>sessionState.originatingRequestId</c>, the generic <c>turn</c>, else a hash of the body).
/// The customer is named by a parameter the bot collected: see <see cref="BotIdentity"/>.
/// </summary>
public sealed class BotHandoffAdapter(IOptionsMonitor<BotsOptions> options, IdentityNormalizer normalizer) : IWebhookAdapter
{
    public string Provider => "bots";

    public AdapterResult Accept(WebhookRequest request)
    {
        var platform = request.Path.Trim('/').ToLowerInvariant();
        if (platform is not ("dialogflow" or "lex" or "generic"))
        {
            return new AdapterResult.Rejected(404, "Unknown bot platform", $"Bot platforms are dialogflow, lex and generic, not '{platform}'.");
        }

        if (!options.CurrentValue.Secrets.TryGetValue(platform, out var secret) || string.IsNullOrEmpty(secret))
        {
            return new AdapterResult.Rejected(404, "Bot platform not configured", $"Channels:Bots:Secrets:{platform} is not set.");
        }

        if (!Signatures.TextEquals(secret, Hmac.WithoutPrefix(request.Header("Authorization"), "Bearer ")?.Trim()))
        {
            return AdapterResult.Unauthorized($"The Authorization header is not 'Bearer' with the {platform} secret.");
        }

        using var document = JsonRead.TryParse(request.Body);
        if (document?.RootElement.ValueKind != JsonValueKind.Object)
        {
            return AdapterResult.Malformed("The body is not a JSON object.");
        }

        var turnHash = Convert.ToHexStringLower(SHA256.HashData(request.Body.Span))[..24];
        var read = platform switch
        {
            "dialogflow" => DialogflowHandoff.Read(document.RootElement, turnHash),
            "lex" => LexHandoff.Read(document.RootElement, turnHash),
            _ => GenericHandoff.Read(document.RootElement, turnHash),
        };
        if (read.Problem is not null)
        {
            return AdapterResult.Malformed(read.Problem);
        }

        var identities = read.Identities.Where(i => normalizer.Normalize(i.Kind, i.Value) is not null).ToList();
        if (identities.Count == 0)
        {
            return AdapterResult.Malformed(
                "The bot collected no customer identity: set one of the parameters " + string.Join(", ", BotIdentity.AllNames) + ".");
        }

        var context = read.Context!;
        var item = new InboundMessage
        {
            Source = $"bots:{platform}",
            ProviderMessageId = $"{context.SessionId}:{read.Turn}",
            Kind = InboundKinds.Handoff,
            Channel = read.Channel ?? "chat",
            SentAt = request.ReceivedAt,
            From = identities,
            DisplayName = read.Name,
            Text = read.Text ?? (context.Intent is null ? "Handed off by the bot." : $"Handed off by the bot (intent: {context.Intent})."),
            Handoff = context,
            Metadata = Fields.Of(("bot_platform", platform), ("bot_session", context.SessionId), ("bot_intent", context.Intent)),
        };

        // Dialogflow CX wants a WebhookResponse back; an empty one lets the flow carry on with its own fulfillment.
        return platform == "dialogflow"
            ? new AdapterResult.Accepted([item]) { AckStatusCode = 200, AckContentType = "application/json", AckBody = "{}" }
            : new AdapterResult.Accepted([item]);
    }
}

/// <summary>What a platform reader made of a request.</summary>
public sealed record HandoffRead(
    HandoffContext? Context,
    string Turn,
    IReadOnlyList<SenderIdentity> Identities,
    string? Name,
    string? Channel,
    string? Text,
    string? Problem)
{
    public static HandoffRead Fail(string problem) => new(null, "", [], null, null, null, problem);
}

/// <summary>
/// The parameter names the hub reads the customer from, matched without regard to case, in the bot's
/// parameters/slots/session attributes: email (<c>email</c>, <c>customer_email</c>, <c>customerEmail</c>),
/// phone (<c>phone</c>, <c>phone_number</c>, <c>phoneNumber</c>, <c>customer_phone</c>),
/// account (<c>account</c>, <c>account_id</c>, <c>accountId</c>, <c>account_number</c>), and the name (<c>name</c>, <c>customer_name</c>).
/// </summary>
public static class BotIdentity
{
    public static readonly string[] Email = ["email", "customer_email", "customerEmail"];
    public static readonly string[] Phone = ["phone", "phone_number", "phoneNumber", "customer_phone"];
    public static readonly string[] Account = ["account", "account_id", "accountId", "account_number"];
    public static readonly string[] Name = ["name", "customer_name", "customerName"];

    public static IEnumerable<string> AllNames => Email.Concat(Phone).Concat(Account);

    public static List<SenderIdentity> From(IReadOnlyDictionary<string, string> values)
    {
        var identities = new List<SenderIdentity>();
        foreach (var (kind, names) in new[] { (IdentityKinds.Account, Account), (IdentityKinds.Email, Email), (IdentityKinds.Phone, Phone) })
        {
            if (Find(values, names) is { } value)
            {
                identities.Add(new SenderIdentity(kind, value));
            }
        }

        return identities;
    }

    public static string? Find(IReadOnlyDictionary<string, string> values, IEnumerable<string> names) =>
        names.Select(n => values.FirstOrDefault(v => string.Equals(v.Key, n, StringComparison.OrdinalIgnoreCase)).Value)
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
