using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OmniSupport.TestUtilities;
using static Microsoft.Playwright.Assertions;

namespace OmniSupport.Console.Tests;

/// <summary>
/// The staff view and the journeys page against the answer shapes of GET /api/appointments and
/// GET /api/analytics/journeys(/conversations), known answers served by <see cref="PendingApis"/>.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class StaffAndJourneysTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private const string Day = "2026-12-03";
    private readonly ConsoleHub _hub = new(azurite.ConnectionString);
    private string _patient = "";
    private string _conversation = "";
    private readonly List<string> _asked = [];

    public async Task InitializeAsync()
    {
        PendingApis.AddTo(_hub, new Dictionary<string, Func<Microsoft.AspNetCore.Http.HttpRequest, object>>
        {
            ["/api/appointments"] = r => { _asked.Add(r.QueryString.Value!); return Appointments(r.Query["date"].ToString()); },
            ["/api/analytics/journeys"] = r => { _asked.Add(r.QueryString.Value!); return Journeys(); },
            ["/api/analytics/journeys/conversations"] = r => { _asked.Add(r.QueryString.Value!); return DrillDown(r.Query["path"].ToString()); },
        });
        await _hub.PostMessageAsync("sms-patient", "sms", "Yes, I will be there on Thursday.", phone: "+14155550177", name: "Rosa Díaz");
        (_patient, _conversation) = await _hub.ConversationOfAsync("phone", "+14155550177");
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private object Appointments(string date) => new
    {
        date,
        counts = new Dictionary<string, int> { ["Confirmed via SMS"] = 1, ["Cancelled via Email"] = 1, ["No Response — Pending Call"] = 1 },
        appointments = new object[]
        {
            new { id = "apt-1", customerId = _patient, patientName = "Rosa Díaz", start = $"{date}T09:00:00Z", end = $"{date}T09:30:00Z", location = "Cardiology, room 2",
                  status = "Confirmed via SMS", statusCode = "confirmed-sms", slotToRebook = false,
                  lastContact = new { channel = "sms", at = $"{date}T07:00:00Z", summary = "Yes, I will be there on Thursday." }, timelineUrl = $"/api/customers/{_patient}/timeline" },
            new { id = "apt-2", customerId = "cus_other", patientName = "Ben Okafor", start = $"{date}T10:00:00Z", end = $"{date}T10:30:00Z", location = "Cardiology, room 2",
                  status = "Cancelled via Email", statusCode = "cancelled-email", slotToRebook = true,
                  lastContact = new { channel = "email", at = $"{date}T06:00:00Z", summary = "Please cancel, I am travelling." }, timelineUrl = "/api/customers/cus_other/timeline" },
            new { id = "apt-3", customerId = "cus_third", patientName = "Chen Wei", start = $"{date}T11:00:00Z", end = $"{date}T11:30:00Z", location = "Radiology",
                  status = "No Response — Pending Call", statusCode = "pending-call", slotToRebook = false, lastContact = (object?)null, timelineUrl = "/api/customers/cus_third/timeline" },
        },
    };

    private static object Journeys() => new
    {
        from = "2026-11-01", to = "2026-11-30", resolvedJourneys = 240, uniqueCustomers = 198, firstContactResolutionRate = 0.62,
        contactsPerResolution = new { mean = 1.8, median = 1, p90 = 4 }, channelSwitchRate = 0.31,
        repeatContactRate = new { h24 = 0.08, h48 = 0.12, d7 = 0.2 },
        timeToFirstResponseSeconds = new { median = 420, p90 = 3600 }, timeToResolutionSeconds = new { median = 7200, p90 = 86400 }, slaMetRate = 0.91,
        topPaths = new object[]
        {
            new { path = "chat", count = 120, share = 0.5, medianContacts = 1, medianResolutionSeconds = 1800, repeatRate = 0.05, csatAverage = 4.6, hadToRepeatShare = 0.04 },
            new { path = "chat → email", count = 60, share = 0.25, medianContacts = 3, medianResolutionSeconds = 86400, repeatRate = 0.2, csatAverage = 3.9, hadToRepeatShare = 0.3 },
            new { path = "sms → voice", count = 60, share = 0.25, medianContacts = 2, medianResolutionSeconds = 5400, repeatRate = 0.1, csatAverage = 4.2, hadToRepeatShare = 0.1 },
        },
        sankey = new
        {
            nodes = new object[] { new { name = "chat" }, new { name = "email" }, new { name = "sms" }, new { name = "voice" }, new { name = "resolved" } },
            links = new object[]
            {
                new { source = "chat", target = "email", value = 60 }, new { source = "chat", target = "resolved", value = 120 },
                new { source = "email", target = "resolved", value = 60 }, new { source = "sms", target = "voice", value = 60 }, new { source = "voice", target = "resolved", value = 60 },
            },
        },
    };

    private object DrillDown(string path) => new
    {
        items = new object[]
        {
            new { conversationId = _conversation, customerId = _patient, path, contacts = 3, openedAt = "2026-11-20T09:00:00Z", resolvedAt = "2026-11-21T09:00:00Z", resolutionSeconds = 86400, slaMet = false, csat = 3 },
        },
        continuationToken = (string?)null,
    };

    [Fact]
    public async Task Staff_view_shows_a_days_appointments_by_status_with_slot_to_rebook_flags_and_links_to_the_patients_timeline()
    {
        await using var context = await browser.NewContextAsync(_hub.BaseUrl);
        var (page, errors) = await ConsolePage.SignedInAsync(context, ConsoleHub.ReaderKey);
        await page.GotoAsync("/console/staff.html");
        await page.GetByLabel("Day").FillAsync(Day);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        await Expect(page.Locator("#appointments tr")).ToHaveCountAsync(3);
        Assert.Contains($"?date={Day}", _asked);
        await Expect(page.Locator("#counts")).ToContainTextAsync("Confirmed via SMS");
        await Expect(page.Locator("tr[data-appointment=apt-1] .status")).ToHaveTextAsync("Confirmed via SMS");
        await Expect(page.Locator("tr[data-appointment=apt-2] .status")).ToHaveTextAsync("Cancelled via Email");
        await Expect(page.Locator("tr[data-appointment=apt-3] .status")).ToHaveTextAsync("No Response — Pending Call");
        await Expect(page.Locator("tr[data-appointment=apt-2] .flag")).ToHaveTextAsync("Slot to rebook");
        await Expect(page.Locator("tr[data-appointment=apt-1] .flag")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "staff-day");

        await page.GetByRole(AriaRole.Link, new() { Name = "Rosa Díaz" }).ClickAsync();
        await Expect(page.Locator("#timeline")).ToContainTextAsync("Yes, I will be there on Thursday.");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Journeys_page_shows_the_kpis_a_sankey_of_channel_paths_and_the_top_paths_and_a_path_opens_its_conversations()
    {
        await using var context = await browser.NewContextAsync(_hub.BaseUrl);
        var (page, errors) = await ConsolePage.SignedInAsync(context, ConsoleHub.ReaderKey);
        await page.GotoAsync("/console/journeys.html?from=2026-11-01&to=2026-11-30");

        await Expect(page.Locator("#kpis")).ToContainTextAsync("first-contact resolution");
        await Expect(page.Locator("#kpis")).ToContainTextAsync("62%");
        await Expect(page.Locator("#sankey svg path").First).ToBeVisibleAsync();
        await Expect(page.Locator("#sankey")).ToContainTextAsync("resolved"); // node labels drawn by ECharts
        await Expect(page.Locator("#paths tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#paths tr").First).ToContainTextAsync("chat");
        await BrowserFixture.ScreenshotAsync(page, "journeys");

        await page.GetByRole(AriaRole.Link, new() { Name = "chat → email" }).ClickAsync();
        await Expect(page.Locator("#drill")).ToBeVisibleAsync();
        Assert.Contains(_asked, q => q.Contains("path=chat%20%E2%86%92%20email", StringComparison.Ordinal) && q.Contains("from=2026-11-01", StringComparison.Ordinal));
        await page.Locator("#drill-rows").GetByRole(AriaRole.Link, new() { Name = _conversation }).ClickAsync();
        await page.WaitForURLAsync(new Regex("agent\\.html\\?conversation="));
        await Expect(page.Locator("#conversation-h")).ToContainTextAsync(_conversation);
        Assert.Empty(errors);
    }
}
