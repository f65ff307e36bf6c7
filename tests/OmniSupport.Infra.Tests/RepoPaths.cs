namespace OmniSupport.Infra.Tests;

/// <summary>Paths in the checkout the tests run from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmniSupport.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No OmniSupport.Functions.sln above {AppContext.BaseDirectory}.");
    }
}
