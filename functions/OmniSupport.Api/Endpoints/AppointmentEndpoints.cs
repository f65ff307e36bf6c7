using System.Globalization;
using Microsoft.AspNetCore.Http;
using OmniSupport.Api.Security;
using OmniSupport.Channels.Fhir;
using OmniSupport.Core.Appointments;
using OmniSupport.Core.Audit;

namespace OmniSupport.Api.Endpoints;

/// <summary>The hospital's staff view (a day's appointments by reminder status, one appointment's history), the audit as FHIR AuditEvents, and the hub's JWKS.</summary>
public sealed class AppointmentEndpoints(ApiPipeline pipeline, GetAppointmentDay day, GetAppointmentHistory history, ExportAuditEvents auditEvents, SmartSigningKey signingKey)
{
    /// <summary><c>GET /api/appointments?date=yyyy-MM-dd[&amp;status=&amp;location=]</c>: every patient listed is in the audit entry.</summary>
    public Task<IResult> ListAsync(HttpRequest request, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async principal =>
        {
            var date = request.Query["date"].ToString();
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return Problems.Create(400, "Bad date", "Give date=yyyy-MM-dd (the UTC day the appointments start).");
            }

            var status = request.Query["status"].ToString();
            if (status.Length > 0 && !ReminderStatuses.All.Any(c => c == status || ReminderStatuses.Display(c).Equals(status, StringComparison.OrdinalIgnoreCase)))
            {
                return Problems.Create(400, "Bad status", "status is one of: " + string.Join(", ", ReminderStatuses.All) + " (or its display text).");
            }

            var result = await day.GetAsync(parsed, status, request.Query["location"].ToString(), ct);
            foreach (var a in result.Appointments)
            {
                principal.Touches(a.CustomerId);
            }

            return TypedResults.Ok(result);
        });

    /// <summary><c>GET /api/appointments/{id}</c>: the appointment with its history of steps.</summary>
    public Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Read, async principal =>
        {
            var detail = await history.GetAsync(id, ct);
            principal.Touches(detail.Appointment.CustomerId);
            return TypedResults.Ok(detail);
        });

    /// <summary><c>GET /api/audit/export/{yyyy-MM-dd}/auditevents</c> (admin): the day's audit as FHIR AuditEvent NDJSON.</summary>
    public Task<IResult> AuditEventsAsync(HttpRequest request, string day, CancellationToken ct) =>
        pipeline.RunAsync(request, ApiScope.Admin, async _ =>
        {
            if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Problems.Create(400, "Bad day", "The day is yyyy-MM-dd (UTC).");
            }

            return Results.Text(await auditEvents.ExportAsync(date, ct), "application/fhir+ndjson; charset=utf-8");
        });

    /// <summary><c>GET /api/fhir/jwks.json</c> (no key: the EHR fetches it): the public key of the SMART client assertions.</summary>
    public IResult Jwks() => Results.Json(signingKey.PublicJwks(), contentType: "application/json");
}
