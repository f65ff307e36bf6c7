using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace OmniSupport.TestUtilities;

/// <summary>
/// A real FHIR R4 server for the tests, started like the Azurite fixture: Medplum's FHIR router and
/// in-memory repository (npm <c>@medplum/fhir-router</c> 4.5.2) behind the loopback wrapper
/// <c>tests/fhir-server/server.mjs</c>, on a free port, gone with the fixture. Tests seed it over
/// its own REST API (Patients, Practitioners, Locations, Slots, Appointments) and read back what
/// the hub wrote. Each test uses its own Location, so searches by location never see another's data.
/// </summary>
public sealed class FhirServerFixture : IAsyncLifetime
{
    private const string FhirJson = "application/fhir+json";
    private Process? _node;

    /// <summary>The server's base URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public HttpClient Http { get; private set; } = new();

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot.Find();
        var script = Path.Combine(root, "tests", "fhir-server", "server.mjs");
        if (!Directory.Exists(Path.Combine(root, "node_modules", "@medplum", "fhir-router")))
        {
            throw new InvalidOperationException($"@medplum/fhir-router is not installed under {root}: run `npm ci` there (the test script does).");
        }

        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { script, "--port", "0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        _node = Process.Start(start) ?? throw new InvalidOperationException("The FHIR server did not start.");
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new StringBuilder();
        _node.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("listening ", StringComparison.Ordinal))
            {
                listening.TrySetResult(int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        _node.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        _node.EnableRaisingEvents = true;
        _node.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The FHIR server exited: " + errors));
        _node.BeginOutputReadLine();
        _node.BeginErrorReadLine();

        var port = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = BaseUrl };
    }

    public Task DisposeAsync()
    {
        Http.Dispose();
        if (_node is { HasExited: false })
        {
            _node.Kill(entireProcessTree: true);
            _node.WaitForExit(5000);
        }

        _node?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Creates a resource (POST) and returns it as stored, with its id and meta.versionId.</summary>
    public async Task<JsonObject> CreateAsync(JsonObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var type = (string)resource["resourceType"]!;
        using var content = new StringContent(resource.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(FhirJson);
        using var response = await Http.PostAsync(new Uri(type, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"FHIR create {type} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Replaces a resource (PUT, no If-Match), as another EHR user editing it would.</summary>
    public async Task<JsonObject> UpdateAsync(JsonObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        using var content = new StringContent(resource.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(FhirJson);
        using var response = await Http.PutAsync(new Uri($"{resource["resourceType"]}/{resource["id"]}", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"FHIR update answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Reads one resource, or a search (<c>Communication?about=Appointment/1</c>) as a Bundle.</summary>
    public async Task<JsonObject> GetAsync(string relative)
    {
        using var response = await Http.GetAsync(new Uri(relative, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"FHIR GET {relative} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The resources of a search Bundle.</summary>
    public async Task<IReadOnlyList<JsonObject>> SearchAsync(string relative)
    {
        var bundle = await GetAsync(relative);
        return (bundle["entry"]?.AsArray() ?? []).Select(e => e!["resource"]!.AsObject()).ToList();
    }
}
