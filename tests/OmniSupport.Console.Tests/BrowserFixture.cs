using Microsoft.Playwright;
using OmniSupport.TestUtilities;

namespace OmniSupport.Console.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright for .NET (Playwright's own browser download is not reachable
/// here; scripts/test.sh installs the chromium package when /usr/bin/chromium is missing).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("OMNISUPPORT_CHROMIUM") ?? ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A fresh browser context (no cookies) at 1280×800 unless told otherwise.</summary>
    public Task<IBrowserContext> NewContextAsync(Uri baseUrl, int width = 1280, int height = 800) =>
        Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height } });

    /// <summary>
    /// Saves a full-page screenshot under TestResults/console (and, with OMNISUPPORT_CONSOLE_SCREENSHOTS=docs,
    /// into docs/console for the README).
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var root = RepositoryRoot.Find();
        var path = Path.Combine(root, "TestResults", "console", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        if (Environment.GetEnvironmentVariable("OMNISUPPORT_CONSOLE_SCREENSHOTS") == "docs")
        {
            var docs = Path.Combine(root, "docs", "console", name + ".png");
            Directory.CreateDirectory(Path.GetDirectoryName(docs)!);
            File.Copy(path, docs, overwrite: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Console";
}
