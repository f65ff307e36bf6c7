namespace OmniSupport.TestUtilities;

public static class RepositoryRoot
{
    /// <summary>The folder holding OmniSupport.Functions.sln, found upwards from the test binaries.</summary>
    public static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OmniSupport.Functions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (OmniSupport.Functions.sln) was not found above " + AppContext.BaseDirectory);
    }
}
