using Microsoft.Extensions.Logging;
using OmniSupport.Core.Ingest;

namespace OmniSupport.Core.Appointments;

/// <summary>
/// The inbound handler for an EHR notification that an Appointment changed: it is read again and imported
/// (version-aware, so a repeated notification changes nothing). Never a customer message.
/// </summary>
public sealed class RefreshAppointment(ImportAppointments import, ILogger<RefreshAppointment> log) : IInboundItemHandler
{
    public const string Kind = "appointment-changed";

    public bool Handles(string kind) => kind == Kind;

    public async Task HandleAsync(InboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = message.RelatedProviderMessageId;
        if (string.IsNullOrWhiteSpace(id))
        {
            return;
        }

        var changed = await import.RefreshAsync(id, ct);
        log.LogInformation("EHR notification for Appointment/{FhirId}: {Outcome}", id, changed ? "imported" : "nothing new");
    }
}
