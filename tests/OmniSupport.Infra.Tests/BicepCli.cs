using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OmniSupport.Infra.Tests;

/// <summary>Runs the repository's pinned Bicep CLI through scripts/bicep.sh (which restores it on first use).</summary>
public static partial class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static BicepRun Run(params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepoPaths.Of("scripts", "bicep.sh"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} ran longer than {Timeout}.");
        }

        return new BicepRun(string.Join(' ', args), process.ExitCode, stdout.Result, stderr.Result);
    }

    [GeneratedRegex(@"^.*\(\d+,\d+\)\s*:\s*(Error|Warning)\s.*$", RegexOptions.Multiline)]
    internal static partial Regex Diagnostic();
}

public sealed record BicepRun(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Every error and warning the CLI reported (file(line,col) : Level rule: message).</summary>
    public IReadOnlyList<string> ErrorsAndWarnings =>
        BicepCli.Diagnostic().Matches(StandardError + "\n" + StandardOutput).Select(m => m.Value.Trim()).ToList();

    public override string ToString() =>
        $"bicep {Command} exited {ExitCode}\n--- stderr ---\n{StandardError}";
}
