using Microsoft.Playwright;
using OmniSupport.TestUtilities;
using static Microsoft.Playwright.Assertions;

namespace OmniSupport.Console.Tests;

/// <summary>The console without a mouse, at a desktop size and at a phone's.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class KeyboardAndSizeTests(AzuriteFixture azurite, BrowserFixture browser) : IAsyncLifetime
{
    private static readonly string[] SignedInPages = ["agent.html", "supervisor.html", "staff.html", "journeys.html"];
    private readonly ConsoleHub _hub = new(azurite.ConnectionString);

    public async Task InitializeAsync() =>
        await _hub.PostMessageAsync("kb-1", "chat", "Is my parcel on its way?", email: "noor@example.com", name: "Noor");

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static Task<string> FocusedAsync(IPage page) =>
        page.EvaluateAsync<string>("() => { const e = document.activeElement; return e ? (e.id || e.getAttribute('href') || e.tagName).toString() : ''; }");

    [Fact]
    public async Task An_agent_signs_in_finds_a_customer_and_opens_her_conversation_with_the_keyboard_alone()
    {
        await _hub.ConversationOfAsync("email", "noor@example.com");
        await using var context = await browser.NewContextAsync(_hub.BaseUrl);
        var (page, errors) = await ConsolePage.OpenAsync(context);
        await page.GotoAsync("/console/");

        // The key field has the focus on arrival; Enter submits.
        Assert.Equal("key", await FocusedAsync(page));
        await page.Keyboard.TypeAsync(ConsoleHub.AgentKey);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/console/agent.html", new() { WaitUntil = WaitUntilState.DOMContentLoaded, Timeout = 60_000 });
        await Expect(page.Locator("#who")).Not.ToBeEmptyAsync();

        // The first Tab reaches the skip link, which is shown while focused and moves the focus into the page.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("#main", await FocusedAsync(page));
        await Expect(page.Locator("a.skip")).ToBeInViewportAsync();

        // Tab on to the search value, type, Enter: the customer's conversation opens.
        for (var i = 0; i < 40 && await FocusedAsync(page) != "search-value"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("search-value", await FocusedAsync(page));
        await page.Keyboard.TypeAsync("noor@example.com");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#timeline")).ToContainTextAsync("Is my parcel on its way?");

        // Every control the page shows can take the focus and names itself.
        var unreachable = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('a[href], button, input, select, textarea')]
              .filter(e => e.offsetParent !== null && !e.disabled)
              .filter(e => e.tabIndex < 0 || !((e.labels && e.labels.length) || e.getAttribute('aria-label') || e.textContent.trim() || e.title))
              .map(e => e.outerHTML.slice(0, 80))
            """);
        Assert.Empty(unreachable);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task Every_page_fits_the_window_without_scrolling_sideways(int width, int height)
    {
        await using var context = await browser.NewContextAsync(_hub.BaseUrl, width, height);
        var (page, errors) = await ConsolePage.SignedInAsync(context, ConsoleHub.AdminKey);
        foreach (var name in SignedInPages)
        {
            await page.GotoAsync("/console/" + name);
            await Expect(page.Locator("h1, h2").First).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var sizes = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            var (scroll, inner) = (sizes[0], sizes[1]);
            Assert.True(scroll <= inner, $"{name} at {width}×{height} is {scroll} px wide in a {inner} px window");
            if (width < 500)
            {
                await BrowserFixture.ScreenshotAsync(page, "phone-" + Path.GetFileNameWithoutExtension(name));
            }
        }

        Assert.Empty(errors);
    }
}
