using System.Net;
using System.Net.Sockets;

namespace OmniSupport.Cost;

/// <summary>Ports, connection strings and readiness checks for the processes the benches start on loopback.</summary>
public static class Loopback
{
    public static string Connection((int Blob, int Queue, int Table) p) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + $"BlobEndpoint=http://127.0.0.1:{p.Blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{p.Queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{p.Table}/devstoreaccount1;";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Nothing listens on {port}.");
    }

    public static async Task WaitForHealthAsync(HttpClient http)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                using var response = await http.GetAsync("/api/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The Server did not become healthy.");
    }

    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmniSupport.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>The <c>--set Name=value</c> arguments: settings passed to the Server as environment variables.</summary>
    public static IEnumerable<string> Settings(string[] args) =>
        args.Select((a, i) => (a, i)).Where(x => x.a == "--set" && x.i + 1 < args.Length).Select(x => args[x.i + 1]);

    public static void AddSettings(Dictionary<string, string> env, string[] args)
    {
        foreach (var setting in Settings(args))
        {
            var at = setting.IndexOf('=', StringComparison.Ordinal);
            env[setting[..at]] = setting[(at + 1)..];
        }
    }
}
