namespace OmniSupport.Core.Outbound;

/// <summary>
/// One provider's send side (SendGrid, ACS, Twilio, Intercom, X, Messenger, WhatsApp). It talks to
/// the provider and says what became of the message; it records nothing itself.
/// </summary>
public interface IChannelSender
{
    /// <summary>The provider's name as it appears on the timeline (<c>sendgrid</c>, <c>acs</c>, <c>twilio</c>…).</summary>
    string Provider { get; }

    /// <summary>The channels this sender can deliver on (<c>email</c>, <c>sms</c>…).</summary>
    IReadOnlyList<string> Channels { get; }

    /// <summary>False when the credentials it needs are not set: the message then goes to the local outbox.</summary>
    bool IsConfigured { get; }

    /// <summary>
    /// Sends the message. Transient provider failures are retried inside (HTTP resilience pipeline);
    /// what is left after that, and every permanent refusal, comes back as <see cref="SendResult.Failed"/>.
    /// Throws only for faults of ours (a bug, a cancelled host).
    /// </summary>
    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken ct);
}

/// <summary>What a provider made of one outbound message.</summary>
public sealed record SendResult
{
    public required bool Succeeded { get; init; }
    public required string Provider { get; init; }

    /// <summary>The provider's id of the sent message (SendGrid X-Message-Id, Twilio SID, ACS message id, wamid…).</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>The provider's reason when it refused, in its own words (status code and error text).</summary>
    public string? FailureReason { get; init; }

    public int? ProviderStatusCode { get; init; }

    public static SendResult Sent(string provider, string? providerMessageId, int? statusCode = null) =>
        new() { Succeeded = true, Provider = provider, ProviderMessageId = providerMessageId, ProviderStatusCode = statusCode };

    public static SendResult Failed(string provider, string reason, int? statusCode = null) =>
        new() { Succeeded = false, Provider = provider, FailureReason = reason, ProviderStatusCode = statusCode };
}
