using System.Text.Json;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Cli;

/// <summary>The <c>--tuning</c> option of the verbs, through the real executable.</summary>
public sealed class TuningCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-tuning-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Scan_WithATuningException_SilencesItsMatchesAndCountsThemInTheSummary()
    {
        var tuning = TuningFiles.QuietEventIds(Path.Combine(_dir, "tuning"));
        TrailFiles.WriteGzip(Path.Combine(_dir, "logs", "a.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("quiet-1"), SeedEvents.LoggingDisabled("hit-1")]));

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", "--no-dedup", "--tuning", tuning, Path.Combine(_dir, "logs"));

        Assert.Equal(0, result.ExitCode);
        // Other built-in rules see these events too; the exception names only the seed rule.
        Assert.Equal(["hit-1"], result.Alerts.Where(a => a.GetProperty("rule_id").GetString() == SeedEvents.RuleId).Select(a => a.GetProperty("event_id").GetString()));
        Assert.Contains("0 updates, 1 silenced by exceptions", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesTest_WithATuningException_ReportsTheTestsItSilencesAndStillPasses()
    {
        var tuning = TuningFiles.CriticalBucketAndHighSeverity(_dir);

        var result = await TrailWatcherProcess.RunAsync(Timeout, "rules", "test", "--tuning", tuning);

        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.TrimEnd('\n').Split('\n');
        Assert.Contains(lines, l => l.StartsWith("SILENCED AWS.S3.DisableBucketLogging: ", StringComparison.Ordinal) && l.EndsWith($"(by exception {TuningFiles.CriticalBucket})", StringComparison.Ordinal));
        Assert.Matches(@"^\d+ silenced by tuning exceptions", lines[^2]);
        Assert.Matches(@"^\d+ passed, 0 failed$", lines[^1]);
    }

    [Fact]
    public async Task RulesList_FormatJson_IsAnArrayOfOneObjectPerRuleAndCorrelationWithItsTuning()
    {
        var tuning = TuningFiles.CriticalBucketAndHighSeverity(_dir);

        var result = await TrailWatcherProcess.RunAsync(Timeout, "rules", "list", "--format", "json", "--tuning", tuning);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var rules = json.RootElement.EnumerateArray().ToList();
        Assert.True(rules.Count > 100);
        Assert.All(rules, r => Assert.Equal(
            ["id", "title", "severity", "kind", "format", "author", "status", "false_positives", "enabled", "mitre_tactics", "mitre_techniques", "service", "test_count", "threshold", "dedup_key", "dedup_period_seconds", "source_file", "tuned", "tuning", "exceptions",
                "signal", "correlation_type", "rules", "until", "group_by", "timespan_seconds", "generate"],
            r.EnumerateObject().Select(p => p.Name)));
        var seed = rules.Single(r => r.GetProperty("id").GetString() == SeedEvents.RuleId);
        Assert.Equal(("high", "alert", "s3", true), (seed.GetProperty("severity").GetString(), seed.GetProperty("kind").GetString(), seed.GetProperty("service").GetString(), seed.GetProperty("tuned").GetBoolean()));
        Assert.Equal(["TA0005", "TA0040"], seed.GetProperty("mitre_tactics").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["severity", "exception"], seed.GetProperty("tuning").EnumerateArray().Select(c => c.GetProperty("setting").GetString()));
        var exception = Assert.Single(seed.GetProperty("exceptions").EnumerateArray().ToList());
        Assert.Equal((TuningFiles.CriticalBucket, "storage-team@example.com", "2099-12-31", tuning, 5),
            (exception.GetProperty("name").GetString(), exception.GetProperty("owner").GetString(), exception.GetProperty("expires").GetString(), exception.GetProperty("file").GetString(), exception.GetProperty("line").GetInt32()));
        var offByDefault = rules.Single(r => r.GetProperty("id").GetString() == "AWS.CloudTrail.UserAccessKeyAuth");
        Assert.Equal((false, false), (offByDefault.GetProperty("enabled").GetBoolean(), offByDefault.GetProperty("tuned").GetBoolean()));
    }

    [Fact]
    public async Task RulesTest_BrokenTuningFile_NamesFileLineAndExitsTwo()
    {
        var tuning = TuningFiles.Write(_dir, "broken.yml", "tuning:\n  - rules: AWS.S3.NoSuchRule\n    enabled: false\n");

        var result = await TrailWatcherProcess.RunAsync(Timeout, "rules", "test", "--tuning", tuning);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{tuning}:2:12: unknown rule id 'AWS.S3.NoSuchRule'", result.StandardError, StringComparison.Ordinal);
    }
}
