using Microsoft.Playwright;

namespace OmniSupport.Console.Tests;

/// <summary>Steps the console tests share: sign in, watch for CSP violations and script errors.</summary>
public static class ConsolePage
{
    private static readonly System.Text.RegularExpressions.Regex AgentPage = new("/console/agent\\.html$");

    static ConsolePage() => Assertions.SetDefaultExpectTimeout(20_000);

    /// <summary>A new page that records every console error and uncaught exception (a CSP violation is one).</summary>
    public static async Task<(IPage Page, List<string> Errors)> OpenAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // Script errors and CSP violations; not a resource answered 4xx (the browser's favicon probe, a refused call a test makes).
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return (page, errors);
    }

    public static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/console/");
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Signs in and waits for the agent page, where a sign-in lands.</summary>
    public static async Task<(IPage Page, List<string> Errors)> SignedInAsync(IBrowserContext context, string key)
    {
        var (page, errors) = await OpenAsync(context);
        await SignInAsync(page, key);
        try
        {
            // Polls the URL rather than waiting for a navigation event (the navigation may already be over),
            // then for the header the page's script fills in.
            await Assertions.Expect(page).ToHaveURLAsync(AgentPage, new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("#who")).Not.ToBeEmptyAsync(new() { Timeout = 60_000 });
        }
        catch (PlaywrightException)
        {
            await BrowserFixture.ScreenshotAsync(page, "sign-in-timeout");
            throw new TimeoutException($"Sign-in did not reach the agent page; at {page.Url}: {await page.Locator("body").InnerTextAsync()} / {string.Join(" | ", errors)}");
        }

        return (page, errors);
    }
}
