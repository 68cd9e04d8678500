using Xunit;

namespace TrailWatcher.Tests.Cli;

/// <summary>TrailWatcher:Integrity's settings are checked at start like every other section, each problem named by its setting.</summary>
public sealed class ConfigCheckIntegrityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-cfg-int-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ConfigCheck_IntegrityMistakes_AreAllReportedAtOnce_ByTheirSettingNames()
    {
        var environment = new Dictionary<string, string>
        {
            ["TrailWatcher__Source"] = "Sqs",
            ["TrailWatcher__Sqs__QueueUrl"] = "http://127.0.0.1:1/000000000000/trail",
            ["TrailWatcher__Integrity__Enabled"] = "true",
            ["TrailWatcher__Integrity__PublicKeysFile"] = Path.Combine(_dir, "missing-keys.json"),
            ["TrailWatcher__Integrity__GraceMinutes"] = "0",
            ["TrailWatcher__Integrity__LedgerHours"] = "1",
            ["TrailWatcher__Integrity__Expect__0"] = "111122223333/us-east-1",
            ["TrailWatcher__Integrity__Expect__1"] = "prod/us-east-1",
        };

        await using var process = TrailWatcherProcess.Start(_dir, environment, ["config", "check"]);
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, code);
        Assert.Contains("TrailWatcher:Integrity:PublicKeysFile: no such file", process.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("TrailWatcher:Integrity:GraceMinutes:", process.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("TrailWatcher:Integrity:LedgerHours:", process.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("TrailWatcher:Integrity:Expect:1: 'prod/us-east-1'", process.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Expect:0", process.StandardOutput, StringComparison.Ordinal);
    }
}
