using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OmniSupport.Core.Appointments;
using OmniSupport.TestUtilities;
using static Microsoft.Playwright.Assertions;

namespace OmniSupport.Console.Tests;

/// <summary>
/// The staff view and the journeys page on the hub's own endpoints (GET /api/appointments and
/// GET /api/analytics/journeys(/conversations)): appointments as the reminder workflow leaves them in the
/// hub's store, journeys made by real messages and resolutions through the API.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class StaffAndJourneysTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private const string Ehr = "test-ehr";
    private static readonly DateOnly Day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1));
    private readonly ConsoleHub _hub = new(azurite.ConnectionString);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static DateTimeOffset At(int hour) => new(Day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);

    /// <summary>An appointment as the reminder workflow leaves it in the hub's Appointments table.</summary>
    private async Task SaveAppointmentAsync(string fhirId, string customerId, string name, int hour, string status, bool slotToRebook = false, LastContact? contact = null)
    {
        var store = _hub.Services.GetRequiredService<IAppointmentStore>();
        await store.SaveAsync(new Appointment
        {
            Id = Appointment.IdFor(Ehr, fhirId),
            Ehr = Ehr,
            FhirId = fhirId,
            PatientFhirId = "pat-" + fhirId,
            CustomerId = customerId,
            PatientName = name,
            Start = At(hour),
            End = At(hour).AddMinutes(30),
            LocationName = "Cardiology, room 2",
            Status = status,
            SlotToRebook = slotToRebook,
            LastContact = contact,
            UpdatedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);
    }

    private async Task ResolveAsync(string conversation)
    {
        using var client = _hub.Http(ConsoleHub.AgentKey);
        var response = await client.PostAsJsonAsync($"/api/conversations/{conversation}/resolve", new { code = "resolved", recollected = false });
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Staff_view_shows_a_days_appointments_by_status_with_slot_to_rebook_flags_and_links_to_the_patients_timeline()
    {
        await _hub.PostMessageAsync("sms-patient", "sms", "Yes, I will be there on Thursday.", phone: "+14155550177", name: "Rosa Díaz");
        var (rosa, _) = await _hub.ConversationOfAsync("phone", "+14155550177");
        await SaveAppointmentAsync("a1", rosa, "Rosa Díaz", 9, ReminderStatuses.ConfirmedSms,
            contact: new LastContact("sms", DateTimeOffset.UtcNow, "Yes, I will be there on Thursday."));
        await SaveAppointmentAsync("a2", "cus_other", "Ben Okafor", 10, ReminderStatuses.CancelledEmail, slotToRebook: true,
            contact: new LastContact("email", DateTimeOffset.UtcNow, "Please cancel, I am travelling."));
        await SaveAppointmentAsync("a3", "cus_third", "Chen Wei", 11, ReminderStatuses.PendingCall);
        string Row(string fhirId) => $"tr[data-appointment={Appointment.IdFor(Ehr, fhirId)}]";

        await using var context = await browser.NewContextAsync(_hub.BaseUrl);
        var (page, errors) = await ConsolePage.SignedInAsync(context, ConsoleHub.ReaderKey);
        await page.GotoAsync("/console/staff.html");
        await page.GetByLabel("Day").FillAsync(Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await Expect(page.Locator("#appointments tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#counts")).ToContainTextAsync("Confirmed via SMS");
        await Expect(page.Locator(Row("a1") + " .status")).ToHaveTextAsync("Confirmed via SMS");
        await Expect(page.Locator(Row("a2") + " .status")).ToHaveTextAsync("Cancelled via Email");
        await Expect(page.Locator(Row("a3") + " .status")).ToHaveTextAsync("No Response — Pending Call");
        await Expect(page.Locator(Row("a2") + " .flag")).ToHaveTextAsync("Slot to rebook");
        await Expect(page.Locator(Row("a1") + " .flag")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "staff-day");

        await page.GetByRole(AriaRole.Link, new() { Name = "Rosa Díaz" }).ClickAsync();
        await Expect(page.Locator("#timeline")).ToContainTextAsync("Yes, I will be there on Thursday.");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Journeys_page_shows_the_kpis_a_sankey_of_channel_paths_and_the_top_paths_and_a_path_opens_its_conversations()
    {
        // Three resolved journeys: chat only, chat then email (two contacts), sms only. Two of three are first-contact resolutions.
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        await _hub.PostMessageAsync("j-chat", "chat", "Where is my order?", email: "ivy@example.com", sentAt: start);
        await _hub.PostMessageAsync("j-switch-1", "chat", "My card was charged twice.", email: "leo@example.com", sentAt: start);
        await _hub.PostMessageAsync("j-switch-2", "email", "Here is the statement you asked for.", email: "leo@example.com", sentAt: start.AddMinutes(5));
        await _hub.PostMessageAsync("j-sms", "sms", "Can I move my delivery?", phone: "+14155550188", sentAt: start);
        var (_, ivy) = await _hub.ConversationOfAsync("email", "ivy@example.com");
        var (leoCustomer, leo) = await _hub.ConversationOfAsync("email", "leo@example.com");
        var (_, sms) = await _hub.ConversationOfAsync("phone", "+14155550188");
        await Eventually.GetAsync(async () =>
        {
            var timeline = await _hub.GetAsync<System.Text.Json.JsonElement>($"/api/customers/{leoCustomer}/timeline?pageSize=10");
            return timeline.GetProperty("events").GetArrayLength() >= 2 ? (object)"" : null;
        }, because: "both of Leo's messages on his timeline");
        foreach (var conversation in new[] { ivy, leo, sms })
        {
            await ResolveAsync(conversation);
        }

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await using var context = await browser.NewContextAsync(_hub.BaseUrl);
        var (page, errors) = await ConsolePage.SignedInAsync(context, ConsoleHub.ReaderKey);
        await page.GotoAsync($"/console/journeys.html?from={today}&to={tomorrow}");

        await Expect(page.Locator("#kpis")).ToContainTextAsync("first-contact resolution");
        await Expect(page.Locator("#kpis")).ToContainTextAsync("66.7%");
        await Expect(page.Locator("#sankey svg path").First).ToBeVisibleAsync();
        await Expect(page.Locator("#sankey")).ToContainTextAsync("resolved"); // node labels drawn by ECharts
        await Expect(page.Locator("#paths tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("tr[data-path='chat>email']")).ToContainTextAsync("33.3%");
        await BrowserFixture.ScreenshotAsync(page, "journeys");

        await page.GetByRole(AriaRole.Link, new() { Name = "chat>email" }).ClickAsync();
        await Expect(page.Locator("#drill")).ToBeVisibleAsync();
        await Expect(page.Locator("#drill-rows tr")).ToHaveCountAsync(1);
        await page.Locator("#drill-rows").GetByRole(AriaRole.Link, new() { Name = leo }).ClickAsync();
        await page.WaitForURLAsync(new Regex("agent\\.html\\?conversation="), new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 60_000 });
        await Expect(page.Locator("#conversation-h")).ToContainTextAsync(leo);
        Assert.Empty(errors);
    }
}
