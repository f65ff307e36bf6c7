using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace OmniSupport.TestUtilities;

/// <summary>
/// A real Azurite for the tests. With <c>OMNISUPPORT_TEST_STORAGE</c> set, that connection string is
/// used; otherwise an in-memory Azurite from the repository's node_modules starts on free loopback
/// ports and stops with the fixture. Each test takes its own name prefix, so tests never share rows.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "OMNISUPPORT_TEST_STORAGE";
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private Process? _azurite;

    public string ConnectionString { get; private set; } = "";

    /// <summary>Start an Azurite of its own even when <c>OMNISUPPORT_TEST_STORAGE</c> is set (a test that kills its storage).</summary>
    public bool AlwaysStart { get; init; }

    /// <summary>A fresh lower-case prefix for one test's tables, queues and containers.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given) && !AlwaysStart)
        {
            ConnectionString = given;
            return;
        }

        var root = RepositoryRoot.Find();
        var azurite = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {azurite}: run `npm ci` in {root} (the test script does).");
        }

        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(azurite)
        {
            ArgumentList =
            {
                "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        _azurite = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _azurite.OutputDataReceived += (_, _) => { };
        _azurite.ErrorDataReceived += (_, _) => { };
        _azurite.BeginOutputReadLine();
        _azurite.BeginErrorReadLine();

        await WaitForPortsAsync([blob, queue, table], TimeSpan.FromSeconds(30));
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    public Task DisposeAsync()
    {
        if (_azurite is { HasExited: false })
        {
            _azurite.Kill(entireProcessTree: true);
            _azurite.WaitForExit(5000);
        }

        _azurite?.Dispose();
        _azurite = null;
        return Task.CompletedTask;
    }

    /// <summary>A connection string to a port where nothing listens: storage that is down.</summary>
    public static string UnreachableConnectionString()
    {
        var port = FreePort();
        return $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitForPortsAsync(int[] ports, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var port in ports)
        {
            while (true)
            {
                if (_azurite!.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {_azurite.ExitCode}.");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }
    }
}
