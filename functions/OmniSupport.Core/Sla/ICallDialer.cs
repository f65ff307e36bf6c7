namespace OmniSupport.Core.Sla;

/// <summary>
/// Places the outbound phone call of a call task through a voice provider (Twilio Voice in
/// <c>Channels/Twilio</c>). The provider's status callbacks later name the call by <see cref="PlacedCall.CallId"/>.
/// </summary>
public interface ICallDialer
{
    /// <summary>False when no provider is configured: call tasks then wait for an agent to dial.</summary>
    bool IsConfigured { get; }

    /// <summary>Dials <paramref name="to"/> (E.164) for call task <paramref name="callTaskId"/>; throws when the provider refuses or does not answer.</summary>
    Task<PlacedCall> DialAsync(string callTaskId, string to, CancellationToken ct);
}

/// <summary>A call the provider accepted; <see cref="CallId"/> is its id (Twilio's CallSid).</summary>
public sealed record PlacedCall(string? CallId);

/// <summary>The provider refused a call or did not answer; the message names the provider's status and error code, never the number.</summary>
public sealed class CallDialException(string message, Exception? inner = null) : Exception(message, inner);
