using OmniSupport.Core.Common;

namespace OmniSupport.Core.Appointments;

public sealed record StaffAppointment(
    string Id,
    string CustomerId,
    string? PatientName,
    DateTimeOffset Start,
    DateTimeOffset? End,
    string? Location,
    string Status,
    string StatusCode,
    bool SlotToRebook,
    LastContact? LastContact,
    string TimelineUrl,
    string? EhrProblem);

public sealed record StaffDay(string Date, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<StaffAppointment> Appointments);

public sealed record StaffAppointmentDetail(StaffAppointment Appointment, string Ehr, string FhirId, string? VersionId, string EhrStatus, IReadOnlyList<AppointmentStep> Steps);

/// <summary>The staff view of one day: every appointment with its reminder status, and the counts per status.</summary>
public sealed class GetAppointmentDay(IAppointmentStore store)
{
    public async Task<StaffDay> GetAsync(DateOnly day, string? status, string? location, CancellationToken ct)
    {
        var all = await store.ListDayAsync(day, ct);
        var counts = ReminderStatuses.All.ToDictionary(ReminderStatuses.Display, code => all.Count(a => a.Status == code));
        var shown = all
            .Where(a => string.IsNullOrWhiteSpace(status) || a.Status == status || ReminderStatuses.Display(a.Status).Equals(status, StringComparison.OrdinalIgnoreCase))
            .Where(a => string.IsNullOrWhiteSpace(location) || a.Location == location || string.Equals(a.LocationName, location, StringComparison.OrdinalIgnoreCase))
            .Select(ToStaff)
            .ToList();
        return new StaffDay(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), counts, shown);
    }

    public static StaffAppointment ToStaff(Appointment a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new StaffAppointment(
            a.Id, a.CustomerId, a.PatientName, a.Start, a.End, a.LocationName ?? a.Location,
            ReminderStatuses.Display(a.Status), a.Status, a.SlotToRebook, a.LastContact,
            $"/api/customers/{Uri.EscapeDataString(a.CustomerId)}/timeline", a.EhrProblem);
    }
}

/// <summary>One appointment with its history of steps.</summary>
public sealed class GetAppointmentHistory(IAppointmentStore store)
{
    public async Task<StaffAppointmentDetail> GetAsync(string id, CancellationToken ct)
    {
        var a = await store.GetAsync(id, ct) ?? throw new NotFoundException($"Appointment {id}");
        return new StaffAppointmentDetail(GetAppointmentDay.ToStaff(a), a.Ehr, a.FhirId, a.VersionId, a.EhrStatus, a.Steps.OrderBy(s => s.At).ToList());
    }
}
