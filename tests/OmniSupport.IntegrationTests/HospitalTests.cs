using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OmniSupport.Channels.Common;
using OmniSupport.Channels.Twilio;
using OmniSupport.Core.Appointments;
using OmniSupport.TestUtilities;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace OmniSupport.IntegrationTests;

/// <summary>
/// The hospital scenario on the real Server: Azurite, the Durable backend, a real FHIR R4 server as the EHR,
/// WireMock as Twilio's REST API; patients answer through the real Twilio and SendGrid webhooks. The reminder
/// policy is shortened to seconds.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HospitalTests(AzuriteFixture azurite, FhirServerFixture fhir) : IClassFixture<FhirServerFixture>, IAsyncLifetime
{
    private const string TwilioToken = "hospital-twilio-token";
    private const string ParseSecret = "hospital-parse-secret";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly WireMockServer _twilio = WireMockServer.Start();
    private readonly List<HubFactory> _hubs = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var hub in _hubs)
        {
            await hub.DisposeAsync();
        }

        _twilio.Stop();
    }

    [Fact]
    public async Task A_day_of_appointments_runs_through_every_reminder_outcome_and_the_staff_view_and_audit_show_it()
    {
        // Arrange: one ward, five patients with appointments in the coming days.
        var ward = await fhir.CreateAsync(new JsonObject { ["resourceType"] = "Location", ["name"] = "Ward " + Guid.NewGuid().ToString("N")[..6] });
        var wardId = (string)ward["id"]!;
        var doctor = await fhir.CreateAsync(new JsonObject { ["resourceType"] = "Practitioner", ["name"] = new JsonArray(new JsonObject { ["family"] = "House" }) });
        var tomorrow = DateTimeOffset.UtcNow.Date.AddDays(1).AddHours(9);
        var confirm = await SeedAsync(wardId, doctor, "Ann", "Confirm", "+14155550301", null, tomorrow);
        var answered = await SeedAsync(wardId, doctor, "Ben", "Answered", "+14155550302", null, tomorrow.AddMinutes(30));
        var cancel = await SeedAsync(wardId, doctor, "Cleo", "Cancel", "+14155550303", "cleo.cancel@example.com", tomorrow.AddHours(1), withSlot: true);
        var unreached = await SeedAsync(wardId, doctor, "Dan", "Unreached", "+14155550304", null, tomorrow.AddHours(2));
        var later = await SeedAsync(wardId, doctor, "Eve", "Later", "+14155550305", null, DateTimeOffset.UtcNow.AddDays(2.8));

        // Twilio creates each call with its own sid (one mapping per number called).
        MapCall("+14155550302", "CAhospitalben0000000000000000000");
        MapCall("+14155550304", "CAhospitaldan0000000000000000000");

        var hub = NewHub(wardId, replyWindow: "00:00:20", callOutcomeWindow: "00:10:00");

        // Act 1: the import (the worker runs one at start too: the same version is imported once).
        var import = await hub.Services.GetRequiredService<ImportAppointments>().ImportAsync(CancellationToken.None);
        Assert.Equal(5, import.Read);

        // Patients are customers by their fhir-patient identity, phone and email.
        var cleo = await hub.CustomerByAsync("email", "cleo.cancel@example.com");
        Assert.Contains(cleo.Identities, i => i.Kind == "fhir-patient" && i.Value == $"test-ehr/{cancel.PatientId}");
        Assert.Contains(cleo.Identities, i => i.Kind == "phone" && i.Value == "+14155550303");

        // Reminders within the lead time go out by SMS (no Twilio SMS credentials: the local outbox).
        var reminder = await Eventually.GetAsync(
            async () => (await Outbox(hub)).FirstOrDefault(o => o.To == "+14155550301"), Deadline, "Ann's reminder in the outbox");
        Assert.Equal("sms", reminder.Channel);
        Assert.Contains("Reply C to confirm or X to cancel", reminder.Text, StringComparison.Ordinal);
        await Eventually.GetAsync(async () => (await Outbox(hub)).Count(o => o.Kind == "reminder") == 4 ? "four" : null, Deadline, "four reminders (Eve's is not due yet)");

        // Act 2: Ann replies C by SMS; Cleo cancels by email.
        Assert.Equal(HttpStatusCode.OK, (await PostTwilioAsync(hub, "sms", Sms("SMhospital0001", "+14155550301", " c "))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostParseAsync(hub, Email("cleo.cancel@example.com", "cleo-1@mail.example.com", "Appointment tomorrow", "Hello, I need to cancel my appointment, sorry."))).StatusCode);

        // Assert: Ann confirmed via SMS, with a Communication in the EHR; the reply opened no conversation.
        var confirmed = await AppointmentAsync(hub, confirm.AppointmentId, ReminderStatuses.ConfirmedSms);
        Assert.Equal("Confirmed via SMS", confirmed.Appointment.Status);
        var communications = await Eventually.GetAsync(
            async () => (IReadOnlyList<JsonObject>?)await fhir.SearchAsync($"Communication?subject=Patient/{confirm.PatientId}"), c => c.Count >= 2, Deadline, "the Communications about Ann's appointment");
        Assert.All(communications, c => Assert.Equal("completed", (string)c["status"]!));
        Assert.Contains(communications, c => (string)c["medium"]![0]!["coding"]![0]!["code"]! == "SMSWRIT" && ((string)c["payload"]![0]!["contentString"]!).Contains("confirmed", StringComparison.OrdinalIgnoreCase));
        Assert.All(communications, c => Assert.Equal($"Appointment/{confirm.FhirId}", (string)c["about"]![0]!["reference"]!));
        var ann = await hub.CustomerByAsync("phone", "+14155550301");
        var annTimeline = await hub.TimelineWithAsync(ann.Id, "SMhospital0001");
        var reply = annTimeline.Events.Single(e => e.ProviderMessageId == "SMhospital0001");
        Assert.Null(reply.ConversationId);
        Assert.Equal("appointment-reply", reply.Metadata["kind"]);

        // Cleo: cancelled via email; the EHR Appointment cancelled with a reason, the Slot free, the flag shown.
        var cancelled = await AppointmentAsync(hub, cancel.AppointmentId, ReminderStatuses.CancelledEmail);
        Assert.True(cancelled.Appointment.SlotToRebook);
        var ehrAppointment = await fhir.GetAsync($"Appointment/{cancel.FhirId}");
        Assert.Equal("cancelled", (string)ehrAppointment["status"]!);
        Assert.Contains("Patient cancelled", (string)ehrAppointment["cancelationReason"]!["text"]!, StringComparison.Ordinal);
        Assert.Equal("free", (string)(await fhir.GetAsync($"Slot/{cancel.SlotId}"))["status"]!);
        var durable = hub.Services.GetRequiredService<OmniSupport.Server.Durable.TaskHubReminderClient>();
        await Eventually.GetAsync(
            async () => (await durable.StateAsync("reminder-" + cancel.AppointmentId, CancellationToken.None))?.OrchestrationStatus.ToString(),
            s => s == "Completed", Deadline, "Cleo's reminder orchestration to stop");

        // Ben and Dan do not answer: a call task each, placed through Twilio; Ben's call completes.
        await AppointmentAsync(hub, answered.AppointmentId, ReminderStatuses.PendingCall);
        await AppointmentAsync(hub, unreached.AppointmentId, ReminderStatuses.PendingCall);
        await Eventually.GetAsync(
            async () => (await hub.Api().GetFromJsonAsync<List<CallTaskDto>>("/api/callbacks", Web))!.FirstOrDefault(t => t.CallSid == "CAhospitalben0000000000000000000"),
            Deadline, "Ben's call placed");
        Assert.Equal(HttpStatusCode.OK, (await PostTwilioAsync(hub, "voice", Form(
            ("CallSid", "CAhospitalben0000000000000000000"), ("AccountSid", "AC00000000000000000000000000000000"), ("From", "+14155550199"), ("To", "+14155550302"),
            ("Direction", "outbound-api"), ("CallStatus", "completed"), ("CallDuration", "61"), ("ApiVersion", "2010-04-01")))).StatusCode);
        var followedUp = await AppointmentAsync(hub, answered.AppointmentId, ReminderStatuses.FollowUpComplete);
        Assert.Contains(followedUp.Steps, s => s.Kind == ReminderStatuses.PendingCall);
        Assert.Contains(await fhir.SearchAsync($"Communication?subject=Patient/{answered.PatientId}"), c => (string)c["medium"]![0]!["coding"]![0]!["code"]! == "PHONE");

        // The staff view of tomorrow: every status with its count, the flag, the last contact, the timeline link.
        var date = tomorrow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var view = await hub.Api(HubFactory.ReadKey).GetFromJsonAsync<StaffDayDto>($"/api/appointments?date={date}&location={wardId}", Web);
        Assert.Equal(date, view!.Date);
        Assert.Equal(4, view.Appointments.Count);
        Assert.Equal(1, view.Counts["Confirmed via SMS"]);
        Assert.Equal(1, view.Counts["Cancelled via Email"]);
        Assert.Equal(1, view.Counts["No Response — Pending Call"]);
        Assert.Equal(1, view.Counts["Follow-Up Complete"]);
        var cleoRow = view.Appointments.Single(a => a.Id == cancel.AppointmentId);
        Assert.Equal(("Cancelled via Email", "cancelled-email", true), (cleoRow.Status, cleoRow.StatusCode, cleoRow.SlotToRebook));
        Assert.Equal("Cleo Cancel", cleoRow.PatientName);
        Assert.Equal($"/api/customers/{cleo.Id}/timeline", cleoRow.TimelineUrl);
        Assert.Equal("email", cleoRow.LastContact!.Channel);
        var filtered = await hub.Api(HubFactory.ReadKey).GetFromJsonAsync<StaffDayDto>($"/api/appointments?date={date}&status=confirmed-sms", Web);
        Assert.Equal([confirm.AppointmentId], filtered!.Appointments.Select(a => a.Id));
        var eveDay = later.Start.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var eveView = await hub.Api(HubFactory.ReadKey).GetFromJsonAsync<StaffDayDto>($"/api/appointments?date={eveDay}&location={wardId}", Web);
        Assert.Equal("Pending reminder", eveView!.Appointments.Single(a => a.Id == later.AppointmentId).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await hub.Api().GetAsync("/api/appointments?date=tomorrow")).StatusCode);

        // The AuditEvent export of today holds the staff view reads, with the patients they showed.
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var export = await hub.Api().GetAsync($"/api/audit/export/{today}/auditevents");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var events = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        var staffRead = events.First(e => (string)e["entity"]!.AsArray().Last()!["what"]!["identifier"]!["value"]! == "/api/appointments"
            && (string)e["agent"]![0]!["who"]!["identifier"]!["value"]! == "api-key:reader");
        Assert.Equal(("AuditEvent", "R", "0"), ((string)staffRead["resourceType"]!, (string)staffRead["action"]!, (string)staffRead["outcome"]!));
        Assert.Contains(staffRead["entity"]!.AsArray(), e => (string?)e!["what"]!["reference"] == $"Patient/{cancel.PatientId}");
    }

    [Fact]
    public async Task An_appointment_changed_in_the_ehr_after_import_is_cancelled_on_its_new_version()
    {
        var ward = await fhir.CreateAsync(new JsonObject { ["resourceType"] = "Location", ["name"] = "Ward " + Guid.NewGuid().ToString("N")[..6] });
        var wardId = (string)ward["id"]!;
        var seeded = await SeedAsync(wardId, null, "Fay", "Moved", "+14155550311", "fay.moved@example.com", DateTimeOffset.UtcNow.Date.AddDays(1).AddHours(15));
        var hub = NewHub(wardId, replyWindow: "00:05:00", callOutcomeWindow: "00:10:00");
        await hub.Services.GetRequiredService<ImportAppointments>().ImportAsync(CancellationToken.None);
        await Eventually.GetAsync(async () => (await Outbox(hub)).FirstOrDefault(o => o.To == "+14155550311"), Deadline, "Fay's reminder");

        // Someone edits the appointment in the EHR: the hub's version is stale now.
        var current = await fhir.GetAsync($"Appointment/{seeded.FhirId}");
        current["comment"] = "Bring previous X-rays";
        await fhir.UpdateAsync(current);

        Assert.Equal(HttpStatusCode.OK, (await PostTwilioAsync(hub, "sms", Sms("SMhospital0011", "+14155550311", "X"))).StatusCode);

        var cancelled = await AppointmentAsync(hub, seeded.AppointmentId, ReminderStatuses.CancelledSms);
        var ehr = await fhir.GetAsync($"Appointment/{seeded.FhirId}");
        Assert.Equal(("cancelled", "Bring previous X-rays"), ((string)ehr["status"]!, (string)ehr["comment"]!));
        Assert.Equal((string)ehr["meta"]!["versionId"]!, cancelled.VersionId);
        Assert.Null(cancelled.Appointment.EhrProblem);

        // No Slot on this appointment: a rebook Task focused on it.
        var task = Assert.Single(await fhir.SearchAsync($"Task?focus=Appointment/{seeded.FhirId}"));
        Assert.Equal(("requested", "rebook"), ((string)task["status"]!, (string)task["code"]!["coding"]![0]!["code"]!));
    }

    // ---- the EHR's data ----

    private sealed record Seeded(string FhirId, string PatientId, string? SlotId, string AppointmentId, DateTimeOffset Start);

    private async Task<Seeded> SeedAsync(string wardId, JsonObject? doctor, string given, string family, string phone, string? email, DateTimeOffset start, bool withSlot = false)
    {
        var telecom = new JsonArray(new JsonObject { ["system"] = "phone", ["value"] = phone, ["use"] = "mobile" });
        if (email is not null)
        {
            telecom.Add(new JsonObject { ["system"] = "email", ["value"] = email });
        }

        var patient = await fhir.CreateAsync(new JsonObject
        {
            ["resourceType"] = "Patient",
            ["name"] = new JsonArray(new JsonObject { ["use"] = "official", ["given"] = new JsonArray(given), ["family"] = family }),
            ["telecom"] = telecom,
        });
        string? slotId = null;
        if (withSlot)
        {
            var schedule = await fhir.CreateAsync(new JsonObject { ["resourceType"] = "Schedule", ["actor"] = new JsonArray(new JsonObject { ["reference"] = "Location/" + wardId }) });
            var slot = await fhir.CreateAsync(new JsonObject
            {
                ["resourceType"] = "Slot",
                ["schedule"] = new JsonObject { ["reference"] = "Schedule/" + schedule["id"] },
                ["status"] = "busy",
                ["start"] = Instant(start),
                ["end"] = Instant(start.AddMinutes(30)),
            });
            slotId = (string)slot["id"]!;
        }

        var participants = new JsonArray(
            new JsonObject { ["actor"] = new JsonObject { ["reference"] = "Patient/" + patient["id"] }, ["status"] = "accepted" },
            new JsonObject { ["actor"] = new JsonObject { ["reference"] = "Location/" + wardId, ["display"] = "Ward" }, ["status"] = "accepted" });
        if (doctor is not null)
        {
            participants.Add(new JsonObject { ["actor"] = new JsonObject { ["reference"] = "Practitioner/" + doctor["id"] }, ["status"] = "accepted" });
        }

        var appointment = new JsonObject
        {
            ["resourceType"] = "Appointment",
            ["status"] = "booked",
            ["start"] = Instant(start),
            ["end"] = Instant(start.AddMinutes(30)),
            ["participant"] = participants,
        };
        if (slotId is not null)
        {
            appointment["slot"] = new JsonArray(new JsonObject { ["reference"] = "Slot/" + slotId });
        }

        var created = await fhir.CreateAsync(appointment);
        var fhirId = (string)created["id"]!;
        return new Seeded(fhirId, (string)patient["id"]!, slotId, Appointment.IdFor("test-ehr", fhirId), start);
    }

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    // ---- the hub ----

    private HubFactory NewHub(string wardId, string replyWindow, string callOutcomeWindow)
    {
        var hub = new HubFactory(azurite.ConnectionString);
        hub.Settings["Durable:Enabled"] = "true";
        hub.Settings["Durable:PartitionCount"] = "1";
        hub.Settings["Durable:MaxQueuePollingIntervalMilliseconds"] = "500";
        hub.Settings["Hospital:Enabled"] = "true";
        hub.Settings["Hospital:Locations:0"] = wardId;
        hub.Settings["Hospital:LookAheadDays"] = "3";
        hub.Settings["Hospital:ImportInterval"] = "01:00:00";
        hub.Settings["Hospital:Reminders:LeadTime"] = "2.00:00:00";
        hub.Settings["Hospital:Reminders:ReplyWindow"] = replyWindow;
        hub.Settings["Hospital:Reminders:CallAttempts"] = "2";
        hub.Settings["Hospital:Reminders:CallRetryDelay"] = "00:00:02";
        hub.Settings["Hospital:Reminders:CallOutcomeWindow"] = callOutcomeWindow;
        hub.Settings["Channels:Fhir:BaseUrl"] = fhir.BaseUrl.ToString();
        hub.Settings["Channels:Fhir:Ehr"] = "test-ehr";
        hub.Settings["Channels:Twilio:AuthToken"] = TwilioToken;
        hub.Settings["Channels:SendGrid:InboundSecret"] = ParseSecret;
        hub.Settings["Channels:SendGrid:InboundDomain"] = "reply.hospital.example";
        // One Twilio account for the webhooks' signatures and the reminder calls (Channels:Twilio).
        hub.Settings["Channels:Twilio:AccountSid"] = "AC00000000000000000000000000000000";
        hub.Settings["Channels:Twilio:Voice:FromNumber"] = "+14155550199";
        hub.Settings["Channels:Twilio:ApiBaseUrl"] = _twilio.Url!;
        _hubs.Add(hub);
        return hub;
    }

    private void MapCall(string to, string sid) =>
        _twilio.Given(Request.Create().WithPath("/2010-04-01/Accounts/AC00000000000000000000000000000000/Calls.json").UsingPost()
                .WithBody(new WildcardMatcher("*To=" + Uri.EscapeDataString(to) + "*")))
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"sid":"{{sid}}","status":"queued","direction":"outbound-api"}"""));

    private static async Task<List<OutboxDto>> Outbox(HubFactory hub) =>
        (await hub.Api().GetFromJsonAsync<List<OutboxDto>>("/api/admin/outbox?max=100", Web))!;

    private static Task<AppointmentDetailDto> AppointmentAsync(HubFactory hub, string id, string statusCode) =>
        Eventually.GetAsync(
            async () =>
            {
                var response = await hub.Api(HubFactory.ReadKey).GetAsync($"/api/appointments/{id}");
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<AppointmentDetailDto>(Web) : null;
            },
            a => a.Appointment.StatusCode == statusCode, Deadline, $"appointment {id} to reach {statusCode}");

    // ---- requests as Twilio and SendGrid send them ----

    private static string Form(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value)));

    private static string Sms(string sid, string from, string body) => Form(
        ("ToCountry", "US"), ("SmsMessageSid", sid), ("NumMedia", "0"), ("SmsSid", sid), ("SmsStatus", "received"), ("Body", body),
        ("To", "+15005550006"), ("NumSegments", "1"), ("MessageSid", sid), ("AccountSid", "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"),
        ("From", from), ("ApiVersion", "2010-04-01"));

    private static Task<HttpResponseMessage> PostTwilioAsync(HubFactory hub, string kind, string form)
    {
        var url = $"https://hub.example.com/api/webhooks/twilio/{kind}";
        var bytes = Encoding.UTF8.GetBytes(form);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/twilio/{kind}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
        request.Headers.TryAddWithoutValidation(TwilioSignature.Header, TwilioTestSigner.Sign(TwilioToken, url, FormBody.Parse(bytes).Pairs));
        return hub.CreateClient().SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostParseAsync(HubFactory hub, string multipart)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/sendgrid/inbound/" + ParseSecret) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(multipart)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=xYzZY");
        return hub.CreateClient().SendAsync(request);
    }

    private static string Email(string from, string messageId, string subject, string text)
    {
        const string to = "appointments@reply.hospital.example";
        var headers = $"MIME-Version: 1.0\r\nFrom: Patient <{from}>\r\nDate: Thu, 02 Jan 2025 11:00:00 +0000\r\nMessage-ID: <{messageId}>\r\n"
            + $"Subject: {subject}\r\nTo: {to}\r\nContent-Type: text/plain; charset=UTF-8\r\n";
        var fields = new (string Name, string Value)[]
        {
            ("headers", headers), ("dkim", "{@example.com : pass}"), ("to", to), ("from", $"Patient <{from}>"),
            ("text", text + "\r\n"), ("sender_ip", "203.0.113.5"),
            ("envelope", $"{{\"to\":[\"{to}\"],\"from\":\"{from}\"}}"), ("attachments", "0"), ("subject", subject),
            ("charsets", "{\"to\":\"UTF-8\",\"subject\":\"UTF-8\",\"from\":\"UTF-8\",\"text\":\"UTF-8\"}"), ("SPF", "pass"),
        };
        var body = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            body.Append("--xYzZY\r\nContent-Disposition: form-data; name=\"").Append(name).Append("\"\r\n\r\n").Append(value).Append("\r\n");
        }

        return body.Append("--xYzZY--\r\n").ToString();
    }

    private sealed record OutboxDto(string OutboundId, string Channel, string To, string? Text, string Kind);

    private sealed record LastContactDto(string Channel, DateTimeOffset At, string Summary);

    private sealed record StaffAppointmentDto(string Id, string CustomerId, string? PatientName, DateTimeOffset Start, DateTimeOffset? End, string? Location,
        string Status, string StatusCode, bool SlotToRebook, LastContactDto? LastContact, string TimelineUrl, string? EhrProblem);

    private sealed record StaffDayDto(string Date, Dictionary<string, int> Counts, List<StaffAppointmentDto> Appointments);

    private sealed record StepDto(DateTimeOffset At, string Kind, string Summary, string? Channel, string? Status);

    private sealed record AppointmentDetailDto(StaffAppointmentDto Appointment, string Ehr, string FhirId, string? VersionId, string EhrStatus, List<StepDto> Steps);
}
