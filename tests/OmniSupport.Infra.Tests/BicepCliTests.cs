namespace OmniSupport.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed class BicepCliTests(CompiledTemplate template)
{
    [Fact]
    public void Main_bicep_builds_with_no_errors_and_no_warnings()
    {
        Assert.True(template.Build.ExitCode == 0, template.Build.ToString());
        Assert.Empty(template.Build.ErrorsAndWarnings);
        Assert.NotNull(template.Root);
    }

    [Fact]
    public void Main_bicep_lints_with_no_errors_and_no_warnings()
    {
        Assert.True(template.Lint.ExitCode == 0, template.Lint.ToString());
        Assert.Empty(template.Lint.ErrorsAndWarnings);
    }

    [Fact]
    public void Modules_are_local_files_not_registry_references()
    {
        var bicepFiles = Directory.GetFiles(RepoPaths.Infra, "*.bicep", SearchOption.AllDirectories);
        var remote = bicepFiles
            .SelectMany(f => File.ReadLines(f).Select(line => (file: Path.GetRelativePath(RepoPaths.Root, f), line)))
            .Where(x => x.line.TrimStart().StartsWith("module ", StringComparison.Ordinal)
                        && (x.line.Contains("'br:", StringComparison.Ordinal) || x.line.Contains("'br/", StringComparison.Ordinal) || x.line.Contains("'ts:", StringComparison.Ordinal) || x.line.Contains("'ts/", StringComparison.Ordinal)))
            .Select(x => $"{x.file}: {x.line.Trim()}");

        Assert.Empty(remote);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(RepoPaths.Infra, "modules"), "*.bicep"));
    }
}
