using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;
using static TrailWatcher.Tests.Deploy.DeployFiles;

namespace TrailWatcher.Tests.Deploy;

/// <summary>No Docker engine here: the image's build stage is replayed instead, from exactly the files it copies, with the script it runs.</summary>
public sealed partial class PublishScriptTests : IDisposable
{
    // Compiling the native executable (the app with what it uses of .NET) takes minutes of CPU on a small machine.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(20);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-publish-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task PublishScript_FromTheDockerBuildContext_ProducesAWorkingService()
    {
        var instructions = DockerfileTests.Parse(Text(Path.Combine(Root, "Dockerfile")));
        var build = instructions.SkipWhile(i => i.Instruction != "FROM").Skip(1).TakeWhile(i => i.Instruction != "FROM").ToList();
        var context = Path.Combine(_dir, "context");
        foreach (var (_, arguments) in build.Where(i => i.Instruction == "COPY"))
        {
            var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToArray();
            var destination = Path.GetFullPath(Path.Combine(context, parts[^1]));
            foreach (var source in parts[..^1])
            {
                Copy(Path.Combine(Root, source), destination);
            }
        }

        var run = Assert.Single(build, i => i.Instruction == "RUN" && i.Arguments.Contains("scripts/publish.sh", StringComparison.Ordinal)).Arguments;
        var rid = RuntimeIdentifier().Match(run).Groups[1].Value;
        var app = Path.Combine(_dir, "app");

        var published = await RunAsync(context, "bash", ["scripts/publish.sh", app], new() { ["RID"] = rid });
        Assert.True(published.Code == 0, published.Output);

        var executable = Path.Combine(app, "TrailWatcher");
        var rules = await RunAsync(Root, executable, ["rules", "test"], []);
        Assert.Equal(0, rules.Code);
        Assert.Matches(@"\d+ passed, 0 failed", rules.Output);
        var scan = await RunAsync(Root, executable, ["scan", "tests/data/corpus"], []);
        Assert.Equal(0, scan.Code);
        Assert.Contains("3,313 records", scan.Output, StringComparison.Ordinal);
    }

    // COPY semantics: a file lands in the destination folder, a folder's contents are merged into it; build output stays out (.dockerignore).
    private static void Copy(string source, string destination)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(destination);
            File.Copy(source, Path.Combine(destination, Path.GetFileName(source)), overwrite: true);
            return;
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string workingDirectory, string fileName, string[] arguments, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"RID=(\S+)")]
    private static partial Regex RuntimeIdentifier();
}
