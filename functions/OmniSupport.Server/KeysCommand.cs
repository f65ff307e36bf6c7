using OmniSupport.Core.Security;
using OmniSupport.Storage;

namespace OmniSupport.Server;

/// <summary>
/// <c>dotnet run --project functions/OmniSupport.Server -- keys create --id NAME --scopes read,write</c>:
/// creates an API key in storage and prints it once (only its SHA-256 is kept).
/// </summary>
public static class KeysCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "keys";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        if (args.Length < 2 || args[1] != "create")
        {
            await output.WriteLineAsync("usage: keys create --id NAME --scopes read[,write][,admin]");
            return 2;
        }

        var id = Option(args, "--id");
        var scopes = Option(args, "--scopes") ?? "read";
        if (id is null)
        {
            await output.WriteLineAsync("keys create: --id NAME is required");
            return 2;
        }

        await services.GetRequiredService<StorageInitializer>().EnsureCreatedAsync(CancellationToken.None);
        try
        {
            var created = await services.GetRequiredService<CreateApiKey>().CreateAsync(id, scopes, "server-command", CancellationToken.None);
            await output.WriteLineAsync($"id: {created.Id}");
            await output.WriteLineAsync($"scopes: {created.Scopes}");
            await output.WriteLineAsync($"key: {created.Key}");
            await output.WriteLineAsync("The key is shown only now; store it safely.");
            return 0;
        }
        catch (OmniSupport.Core.Common.DomainRuleException ex)
        {
            await output.WriteLineAsync("keys create: " + ex.Message);
            return 1;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
