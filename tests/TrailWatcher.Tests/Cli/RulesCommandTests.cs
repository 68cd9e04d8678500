using Xunit;

namespace TrailWatcher.Tests.Cli;

public sealed class RulesCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-rules-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RulesTest_BuiltInPack_PassesWithTheSeedTestsAndEndsWithTheCountLine()
    {
        var result = await TrailWatcherProcess.RunAsync(Timeout, "rules", "test", "--verbose");

        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^\d+ passed, 0 failed$", lines[^1]);
        Assert.True(lines.Count(l => l.StartsWith("PASS AWS.S3.DisableBucketLogging:", StringComparison.Ordinal)) >= 4);
    }

    [Fact]
    public async Task RulesTest_AFailingEmbeddedTest_IsReportedAndExitsNonZero()
    {
        File.WriteAllText(Path.Combine(_dir, "wrong.yml"), """
            id: Test.WrongExpectation
            title: A rule whose test expects the wrong thing
            description: Used to check that rule tests can fail.
            severity: low
            condition:
              field: eventName
              equals: DeleteTrail
            tests:
              - name: claims a match on another event
                expected: true
                event: {"eventSource": "cloudtrail.amazonaws.com", "eventName": "StopLogging", "eventID": "x"}
            """);

        var result = await TrailWatcherProcess.RunAsync(Timeout, "rules", "test", "--rules", _dir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL Test.WrongExpectation: claims a match on another event", result.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith(" passed, 1 failed\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesTest_BrokenRuleFile_NamesFileLineAndReason()
    {
        var path = Path.Combine(_dir, "broken.yml");
        File.WriteAllText(path, """
            id: Test.Broken
            title: Broken
            description: An operator name with a typo.
            severity: high
            condition:
              all:
                - field: eventName
                  equal: DeleteTrail
            """);

        var result = await TrailWatcherProcess.RunAsync(Timeout, "rules", "test", "--rules", _dir);

        Assert.Equal(2, result.ExitCode);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(path)}:[78]:\d+: .*equal", result.StandardError);
    }

    [Fact]
    public async Task RulesList_ShowsTheSeedRule()
    {
        var result = await TrailWatcherProcess.RunAsync(Timeout, "rules", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("AWS.S3.DisableBucketLogging", result.StandardOutput, StringComparison.Ordinal);
    }
}
