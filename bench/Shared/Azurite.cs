using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BenchKit;

/// <summary>An Azurite from the repository's node_modules on free loopback ports, stopped on dispose.</summary>
public sealed class Azurite : IDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process _process;
    private readonly string? _location;
    private readonly TextWriter? _output;

    private Azurite(Process process, string connectionString, string? location, TextWriter? output) =>
        (_process, ConnectionString, _location, _output) = (process, connectionString, location, output);

    public string ConnectionString { get; }

    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "OmniSupport.Functions.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    public static Azurite Start(bool onDisk, string? name = null)
    {
        var bin = Path.Combine(RepositoryRoot(), "node_modules", ".bin", "azurite");
        int blob = Port(), queue = Port(), table = Port();
        var start = new ProcessStartInfo(bin) { RedirectStandardOutput = true, RedirectStandardError = true };
        // BENCH_AZURITE_NODE_FLAGS (e.g. --trace-gc, which NODE_OPTIONS does not take): Node started with them.
        var nodeFlags = Environment.GetEnvironmentVariable("BENCH_AZURITE_NODE_FLAGS");
        if (!string.IsNullOrWhiteSpace(nodeFlags))
        {
            start.FileName = "node";
            foreach (var flag in nodeFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                start.ArgumentList.Add(flag);
            }

            start.ArgumentList.Add(new FileInfo(bin).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? bin);
        }

        foreach (var a in new[] { "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose", "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", blob.ToString(CultureInfo.InvariantCulture), "--queuePort", queue.ToString(CultureInfo.InvariantCulture), "--tablePort", table.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        var location = onDisk ? Directory.CreateTempSubdirectory("bench-azurite-").FullName : null;
        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        // BENCH_AZURITE_OUTPUT=<folder>: each Azurite's output there, every line stamped with the UTC time, so what
        // Node prints (e.g. NODE_OPTIONS=--trace-gc) can be set beside the bench's own timeline.
        var folder = Environment.GetEnvironmentVariable("BENCH_AZURITE_OUTPUT");
        var output = string.IsNullOrEmpty(folder) ? null : TextWriter.Synchronized(new StreamWriter(Path.Combine(folder, $"azurite-{name ?? table.ToString(CultureInfo.InvariantCulture)}.log")) { AutoFlush = true });
        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        DataReceivedEventHandler write = (_, e) => { if (e.Data is not null) { output?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {e.Data}"); } };
        process.OutputDataReceived += write;
        process.ErrorDataReceived += write;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        foreach (var port in new[] { blob, queue, table })
        {
            for (var i = 0; i < 300; i++)
            {
                try
                {
                    using var c = new TcpClient();
                    c.Connect(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException)
                {
                    Thread.Sleep(100);
                }
            }
        }

        return new Azurite(process, $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;", location, output);
    }

    /// <summary>Resident memory of Azurite's node process (Linux /proc).</summary>
    public double RssMb()
    {
        try
        {
            _process.Refresh();
            return _process.WorkingSet64 / 1048576.0;
        }
        catch (InvalidOperationException)
        {
            return double.NaN;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _output?.Dispose();
        if (_location is not null)
        {
            Directory.Delete(_location, recursive: true);
        }
    }

    private static int Port()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
