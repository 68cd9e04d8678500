using System.Text.Json.Nodes;
using Xunit;

namespace TrailWatcher.Tests.Cli;

/// <summary>Correlation files in a rule directory, through the real executable's <c>scan</c>.</summary>
public sealed class ScanCorrelationTests : IDisposable
{
    private const string CorrelationId = "Test.Correlation.S3.LoggingThenVersioning";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-correlation-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Scan_TwoProtectionsWeakenedOnOneBucket_RaisesOneCorrelationWhateverTheFileOrder()
    {
        var rules = WriteCorrelation(generate: true);
        // The later event sorts first by file name: a scan decides windows only once its input ends.
        WriteLog("a-later.json.gz", VersioningSuspended("v-1", "critical-data-bucket", "2024-01-17T09:00:00Z"));
        WriteLog("b-earlier.json.gz", SeedEvents.LoggingDisabled("l-1"), OnBucket(SeedEvents.LoggingDisabled("l-other"), "other-bucket"));

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", "--rules", rules, Path.Combine(_dir, "logs"));

        Assert.Equal(0, result.ExitCode);
        var correlation = Assert.Single(result.Alerts, a => a.GetProperty("rule_id").GetString() == CorrelationId);
        Assert.Equal(["l-1", "v-1"], correlation.GetProperty("event_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, correlation.GetProperty("count").GetInt32());
        Assert.Equal("critical-data-bucket", correlation.GetProperty("context").GetProperty("requestParameters.bucketName").GetString());
        Assert.Equal("high", correlation.GetProperty("severity").GetString());
        // generate: true keeps the referenced rules' own alerts.
        Assert.Contains(result.Alerts, a => a.GetProperty("rule_id").GetString() == SeedEvents.RuleId && a.GetProperty("event_id").GetString() == "l-1");
    }

    [Fact]
    public async Task Scan_GenerateFalse_HoldsBackTheReferencedRulesOwnAlerts()
    {
        // Rules no built-in correlation refers to: one that says generate: true would keep their alerts.
        var rules = Path.Combine(_dir, "rules");
        Directory.CreateDirectory(rules);
        File.WriteAllText(Path.Combine(rules, "replication_then_delete.yml"), Correlation(generate: false)
            .Replace(SeedEvents.RuleId, "AWS.S3.DeleteBucketReplication", StringComparison.Ordinal)
            .Replace("AWS.S3.SuspendVersioning", "AWS.S3.BucketDeleted", StringComparison.Ordinal));
        WriteLog("a.json.gz", Renamed(SeedEvents.LoggingDisabled("r-1"), "DeleteBucketReplication"), Renamed(SeedEvents.LoggingDisabled("d-1"), "DeleteBucket"));

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", "--rules", rules, Path.Combine(_dir, "logs"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["d-1", "r-1"], Assert.Single(result.Alerts, a => a.GetProperty("rule_id").GetString() == CorrelationId).GetProperty("event_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(result.Alerts, a => a.GetProperty("rule_id").GetString() is "AWS.S3.DeleteBucketReplication" or "AWS.S3.BucketDeleted");
    }

    private static JsonObject Renamed(JsonObject record, string eventName)
    {
        record["eventName"] = eventName;
        return record;
    }

    [Fact]
    public async Task Scan_EventsFurtherApartThanTheTimespan_RaiseNoCorrelation()
    {
        var rules = WriteCorrelation(generate: true);
        WriteLog("a.json.gz", SeedEvents.LoggingDisabled("l-1"), VersioningSuspended("v-1", "critical-data-bucket", "2024-01-23T10:45:24Z"));

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", "--rules", rules, Path.Combine(_dir, "logs"));

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(result.Alerts, a => a.GetProperty("rule_id").GetString() == CorrelationId);
    }

    [Fact]
    public async Task Scan_CorrelationNamingAnUnknownRule_FailsToLoadNamingFileAndLine()
    {
        var rules = Path.Combine(_dir, "rules");
        Directory.CreateDirectory(rules);
        var file = Path.Combine(rules, "broken.yml");
        File.WriteAllText(file, Correlation(generate: true).Replace("AWS.S3.SuspendVersioning", "AWS.S3.NoSuchRule", StringComparison.Ordinal));
        WriteLog("a.json.gz", SeedEvents.LoggingDisabled("l-1"));

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", "--rules", rules, Path.Combine(_dir, "logs"));

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"broken\.yml:\d+:\d+: .*AWS\.S3\.NoSuchRule", result.StandardError);
    }

    [Fact]
    public async Task Scan_TuningTurnsACorrelationOff_ItRaisesNothingAndItsRulesStillAlert()
    {
        var rules = WriteCorrelation(generate: true);
        var tuning = Path.Combine(_dir, "tuning.yml");
        File.WriteAllText(tuning, $"tuning:\n  - rules: {CorrelationId}\n    enabled: false\n");
        WriteLog("a.json.gz", SeedEvents.LoggingDisabled("l-1"), VersioningSuspended("v-1", "critical-data-bucket", "2024-01-15T11:00:00Z"));

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", "--rules", rules, "--tuning", tuning, Path.Combine(_dir, "logs"));

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(result.Alerts, a => a.GetProperty("rule_id").GetString() == CorrelationId);
        Assert.Contains(result.Alerts, a => a.GetProperty("rule_id").GetString() == SeedEvents.RuleId);
    }

    [Fact]
    public async Task Scan_TuningGivesACorrelationASeverityAndAnException_TheAlertHasIt_AndTheSilencedGroupIsCounted()
    {
        var rules = WriteCorrelation(generate: true);
        var tuning = Path.Combine(_dir, "tuning.yml");
        File.WriteAllText(tuning, $"""
            tuning:
              - rules: {CorrelationId}
                severity: low
                signal: false
                exceptions:
                  - name: scratch-bucket
                    reason: The scratch bucket is rebuilt every night
                    owner: storage-team@example.com
                    condition:
                      field: requestParameters.bucketName
                      equals: scratch-bucket
            """);
        WriteLog(
            "a.json.gz",
            SeedEvents.LoggingDisabled("l-1"),
            VersioningSuspended("v-1", "critical-data-bucket", "2024-01-15T11:00:00Z"),
            OnBucket(SeedEvents.LoggingDisabled("l-scratch"), "scratch-bucket"),
            VersioningSuspended("v-scratch", "scratch-bucket", "2024-01-15T11:00:00Z"));

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", "--rules", rules, "--tuning", tuning, Path.Combine(_dir, "logs"));

        Assert.Equal(0, result.ExitCode);
        var correlation = Assert.Single(result.Alerts, a => a.GetProperty("rule_id").GetString() == CorrelationId);
        Assert.Equal("critical-data-bucket", correlation.GetProperty("context").GetProperty("requestParameters.bucketName").GetString());
        Assert.Equal("low", correlation.GetProperty("severity").GetString());
        Assert.Contains("1 silenced by exceptions", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dedup: {period: 1h}", "tuning.yml:3:21:", "dedup does not apply to one")]
    [InlineData("threshold: 2", "tuning.yml:3:16:", "threshold does not apply to one")]
    public async Task Scan_TuningGivesACorrelationDedupOrThreshold_FailsNamingFileAndLine(string setting, string place, string reason)
    {
        var rules = WriteCorrelation(generate: true);
        var tuning = Path.Combine(_dir, "tuning.yml");
        File.WriteAllText(tuning, $"tuning:\n  - rules: {CorrelationId}\n    {setting}\n");
        WriteLog("a.json.gz", SeedEvents.LoggingDisabled("l-1"));

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", "--rules", rules, "--tuning", tuning, Path.Combine(_dir, "logs"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(place, result.StandardError, StringComparison.Ordinal);
        Assert.Contains(reason, result.StandardError, StringComparison.Ordinal);
    }

    private string WriteCorrelation(bool generate)
    {
        var rules = Path.Combine(_dir, "rules");
        Directory.CreateDirectory(rules);
        File.WriteAllText(Path.Combine(rules, "s3_logging_then_versioning.yml"), Correlation(generate));
        return rules;
    }

    private static string Correlation(bool generate) => $"""
        title: Logging and versioning switched off on one bucket
        id: {CorrelationId}
        status: test
        level: high
        tags: [attack.defense-evasion, attack.t1562.008]
        correlation:
          type: temporal
          rules:
            - {SeedEvents.RuleId}
            - AWS.S3.SuspendVersioning
          group-by:
            - requestParameters.bucketName
          timespan: 7d
        generate: {(generate ? "true" : "false")}
        """;

    private void WriteLog(string name, params JsonNode[] records) =>
        TrailFiles.WriteGzip(Path.Combine(_dir, "logs", name), TrailFiles.Document(records));

    private static JsonObject OnBucket(JsonObject record, string bucket)
    {
        record["requestParameters"]!["bucketName"] = bucket;
        return record;
    }

    private static JsonObject VersioningSuspended(string eventId, string bucket, string eventTime)
    {
        var record = SeedEvents.LoggingDisabled(eventId);
        record["eventName"] = "PutBucketVersioning";
        record["eventTime"] = eventTime;
        record["requestParameters"] = new JsonObject
        {
            ["bucketName"] = bucket,
            ["Host"] = $"{bucket}.s3.us-west-2.amazonaws.com",
            ["versioning"] = "",
            ["VersioningConfiguration"] = new JsonObject { ["Status"] = "Suspended", ["xmlns"] = "http://s3.amazonaws.com/doc/2006-03-01/" },
        };
        return record;
    }
}
