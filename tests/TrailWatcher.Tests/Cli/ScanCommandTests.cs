using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Xunit;

namespace TrailWatcher.Tests.Cli;

public sealed class ScanCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-scan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Scan_FilesOfEveryShape_AlertsExactlyTheDisablingEvents()
    {
        var trail = Path.Combine(_dir, "AWSLogs", "111111111111", "CloudTrail", "us-west-2", "2024", "01", "15");
        JsonNode[] mixed =
        [
            SeedEvents.Background("bg-1"),
            SeedEvents.LoggingDisabled("hit-compact"),
            SeedEvents.LoggingDisableDenied("miss-denied"),
            SeedEvents.LoggingEnabled("miss-enabled"),
            SeedEvents.WithRequestParameters("miss-null-params", null),
            SeedEvents.WithoutRequestParameters("miss-no-params"),
            SeedEvents.WithRequestParameters("miss-null-status", new JsonObject { ["bucketName"] = "b", ["BucketLoggingStatus"] = null }),
            SeedEvents.Background("miss-get", "s3.amazonaws.com", "GetBucketLogging"),
        ];
        TrailFiles.WriteGzip(Path.Combine(trail, "compact.json.gz"), TrailFiles.Document(mixed));
        TrailFiles.WriteGzip(Path.Combine(trail, "pretty.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-pretty"), SeedEvents.Background("bg-2")], pretty: true, recordsLast: true));
        TrailFiles.WritePlain(Path.Combine(trail, "plain.json"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-plain")]));
        TrailFiles.WriteGzip(Path.Combine(trail, "escaped.json.gz"), TrailFiles.EscapeEventNames(TrailFiles.Document([SeedEvents.LoggingDisabled("hit-escaped")])));
        TrailFiles.WriteMultiMemberGzip(Path.Combine(trail, "members.json.gz"), TrailFiles.Document([SeedEvents.Background("bg-3"), SeedEvents.LoggingDisabled("hit-multi-member"), SeedEvents.Background("bg-4")]), members: 5);
        TrailFiles.WriteGzip(Path.Combine(trail, "empty.json.gz"), """{"Records":[]}""");
        // A digest holds hashes, not events: it must be passed over even though it parses and mentions the event.
        TrailFiles.WriteGzip(
            Path.Combine(_dir, "AWSLogs", "111111111111", "CloudTrail-Digest", "us-west-2", "2024", "01", "15", "111111111111_CloudTrail-Digest_us-west-2_x_20240115T110000Z.json.gz"),
            TrailFiles.Document([SeedEvents.LoggingDisabled("hit-in-digest")]));

        // Every hit is the same bucket: without dedup each is its own alert, which is what this test counts.
        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", "--no-dedup", _dir);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["hit-compact", "hit-escaped", "hit-multi-member", "hit-plain", "hit-pretty"], result.AlertedEventIds);
        // The pack's combined S3 protection rule covers the same calls; nothing else fires on these files.
        Assert.All(result.Alerts, a => Assert.Contains(a.GetProperty("rule_id").GetString(), new[] { "AWS.S3.DisableBucketLogging", "AWS.S3.SecurityControlDisabling" }));
        Assert.Contains("scanned 6 files (1 skipped, 0 failed): 15 records, 10 alerts", result.StandardError, StringComparison.Ordinal);
        // The summary says how many records the index could not rule out: at least every alerted one, at most all 15.
        var parsed = System.Text.RegularExpressions.Regex.Match(result.StandardError, @"rule errors, (\d+) records parsed \(([0-9.]+) %\)");
        Assert.True(parsed.Success, result.StandardError);
        var count = int.Parse(parsed.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(count, 5, 15);
        Assert.Equal((100.0 * count / 15).ToString("F1", CultureInfo.InvariantCulture), parsed.Groups[2].Value);
    }

    [Fact]
    public async Task Scan_ThreeMatchesOfOneBucket_OneAlertAndOneUpdateCarryingTheOthers()
    {
        var file = TrailFiles.WriteGzip(Path.Combine(_dir, "three.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-1"), SeedEvents.LoggingDisabled("hit-2"), SeedEvents.LoggingDisabled("hit-3")]));

        var rules = DedupRules.Write(Path.Combine(_dir, "rules"));

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", "--parallelism", "1", "--rules", rules, file);

        Assert.Equal(0, result.ExitCode);
        var grouped = result.Alerts.Where(a => a.GetProperty("rule_id").GetString() == DedupRules.RuleId).ToList();
        Assert.Equal(2, grouped.Count);
        var alert = Assert.Single(grouped, a => a.GetProperty("kind").GetString() == "alert");
        var update = Assert.Single(grouped, a => a.GetProperty("kind").GetString() == "update");
        Assert.Equal(1, alert.GetProperty("count").GetInt32());
        Assert.Equal(["hit-1"], alert.GetProperty("event_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(alert.GetProperty("id").GetString(), update.GetProperty("alert_id").GetString());
        Assert.Equal(3, update.GetProperty("count").GetInt32());
        Assert.Equal(["hit-2", "hit-3"], update.GetProperty("event_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("trailwatcher.alert/1", update.GetProperty("schema").GetString());
        // The built-in rule has no dedup block: its three matches are three alerts beside the grouped one.
        Assert.Equal(["hit-1", "hit-2", "hit-3"], result.Alerts.Where(a => a.GetProperty("rule_id").GetString() == SeedEvents.RuleId).Select(a => a.GetProperty("event_id").GetString()).Order(StringComparer.Ordinal));
        Assert.Matches(@"\d+ alerts, \d+ signals, [1-9]\d* updates", result.StandardError);
    }

    [Fact]
    public async Task Scan_NoDedup_EveryMatchIsItsOwnAlert()
    {
        var file = TrailFiles.WriteGzip(Path.Combine(_dir, "three.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-1"), SeedEvents.LoggingDisabled("hit-2"), SeedEvents.LoggingDisabled("hit-3")]));

        var rules = DedupRules.Write(Path.Combine(_dir, "rules"));

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", "--no-dedup", "--rules", rules, file);

        Assert.Equal(0, result.ExitCode);
        var grouped = result.Alerts.Where(a => a.GetProperty("rule_id").GetString() == DedupRules.RuleId).ToList();
        Assert.Equal(["hit-1", "hit-2", "hit-3"], grouped.Select(a => a.GetProperty("event_id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(result.Alerts, a => Assert.Equal("alert", a.GetProperty("kind").GetString()));
        Assert.All(result.Alerts, a => Assert.Equal(1, a.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task Scan_AlertJson_CarriesTheDocumentedFieldsAndAStableId()
    {
        var file = TrailFiles.WriteGzip(Path.Combine(_dir, "one.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("11111111-2222-3333-4444-555555555555")]));

        var first = await TrailWatcherProcess.RunAsync(Timeout, "scan", file);
        var second = await TrailWatcherProcess.RunAsync(Timeout, "scan", file);

        var alert = Assert.Single(first.SeedAlerts);
        foreach (var field in new[] { "id", "kind", "count", "first_seen", "last_seen", "event_ids", "rule_id", "title", "severity", "event_id", "event_name", "event_source", "event_time", "account_id", "region", "actor", "source_ip", "user_agent", "context", "mitre", "source", "detected_at" })
        {
            Assert.True(alert.TryGetProperty(field, out _), $"alert lacks '{field}'");
        }

        Assert.Equal(Assert.Single(second.SeedAlerts).GetProperty("id").GetString(), alert.GetProperty("id").GetString());
        Assert.Equal("trailwatcher.alert/1", alert.GetProperty("schema").GetString());
        Assert.Equal("PutBucketLogging", alert.GetProperty("event_name").GetString());
        Assert.Equal("111111111111", alert.GetProperty("account_id").GetString());
        Assert.Equal("us-west-2", alert.GetProperty("region").GetString());
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/AdminRole/user_name", alert.GetProperty("actor").GetString());
        Assert.Equal("1.2.3.4", alert.GetProperty("source_ip").GetString());
        Assert.Equal(file, alert.GetProperty("source").GetString());
        var context = alert.GetProperty("context");
        Assert.Equal("critical-data-bucket", context.GetProperty("bucket").GetString());
        Assert.Equal("ASIA-MOCKACCESSKEYID-1", context.GetProperty("access_key_id").GetString());
        Assert.Contains("T1562", alert.GetProperty("mitre").GetProperty("techniques").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("T1485", alert.GetProperty("mitre").GetProperty("techniques").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Scan_CorruptGzip_NamesTheFileAndStillScansTheOthers()
    {
        var good = TrailFiles.WriteGzip(Path.Combine(_dir, "a-good.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-good")]));
        var corrupt = Path.Combine(_dir, "b-corrupt.json.gz");
        var bytes = File.ReadAllBytes(good);
        bytes[bytes.Length / 2] ^= 0xFF;
        bytes[(bytes.Length / 2) + 1] ^= 0xFF;
        File.WriteAllBytes(corrupt, bytes);

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", _dir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("hit-good", result.AlertedEventIds);
        Assert.Contains(corrupt, result.StandardError, StringComparison.Ordinal);
        Assert.Contains("1 failed", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_TruncatedJson_EvaluatesRecordsBeforeTheCutAndNamesTheRecord()
    {
        var json = TrailFiles.Document([SeedEvents.LoggingDisabled("hit-before-cut"), SeedEvents.Background("bg"), SeedEvents.LoggingDisabled("hit-after-cut")]);
        var cut = json[..(json.LastIndexOf("hit-after-cut", StringComparison.Ordinal) - 40)];
        var file = TrailFiles.WriteGzip(Path.Combine(_dir, "truncated.json.gz"), cut);

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["hit-before-cut"], result.AlertedEventIds);
        Assert.Contains(file, result.StandardError, StringComparison.Ordinal);
        Assert.Contains("record 2", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_NotACloudTrailDocument_IsNamedAsSuch()
    {
        var file = TrailFiles.WritePlain(Path.Combine(_dir, "config.json"), """{"configurationItems":[{"resourceType":"AWS::S3::Bucket"}]}""");

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(file, result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Records", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.Alerts);
    }

    [Fact]
    public async Task Scan_MissingPath_ReportsItAndScansTheRest()
    {
        var good = TrailFiles.WriteGzip(Path.Combine(_dir, "good.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit")]));
        var missing = Path.Combine(_dir, "nope.json.gz");

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", missing, good);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["hit"], result.AlertedEventIds);
        Assert.Contains($"{missing}: no such file or directory", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_RealCorpus_RaisesTheAttackStepsAndNothingOnGetBucketLogging()
    {
        // The corpus holds GetBucketLogging calls whose requestParameters look like a disabling call ("logging": ""):
        // a rule keyed on request shape alone would fire on them.
        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", "--no-dedup", RepositoryRoot.Combine("tests", "data", "corpus"));

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.SeedAlerts);
        Assert.Contains("scanned 55 files (2 skipped, 0 failed): 3,313 records", result.StandardError, StringComparison.Ordinal);

        // The steps of the simulated attacks in the corpus, each raised by the built-in pack.
        var fired = result.Alerts.GroupBy(a => a.GetProperty("rule_id").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        var expected = new Dictionary<string, int>
        {
            ["AWS.CloudTrail.Stopped"] = 4,
            ["AWS.CloudTrail.EventSelectorsDisabled"] = 2,
            ["AWS.CloudTrail.AttemptToLeaveOrg"] = 2,
            ["AWS.IAM.CreateUser"] = 5,
            ["AWS.IAM.Backdoor.User.Keys"] = 4,
            ["AWS.CloudTrail.LoginProfileCreatedOrModified"] = 6,
            ["AWS.Console.LoginWithoutMFA"] = 2,
            ["AWS.RDS.SnapshotShared"] = 2,
            ["AWS.EC2.ManyPasswordReadAttempts"] = 59,
            ["AWS.VPCFlow.LogsDeleted"] = 2,
            ["AWS.SecretsManager.BatchRetrieveSecrets"] = 5,
            ["AWS.CloudTrail.DNSLogsDeleted"] = 1,
            ["AWS.EC2.Startup.Script.Change"] = 1,
        };
        foreach (var (rule, count) in expected)
        {
            Assert.True(fired.TryGetValue(rule, out var actual) && actual == count, $"{rule}: expected {count} matches, got {fired.GetValueOrDefault(rule)}");
        }
    }

    [Fact]
    public async Task Scan_CompressedNonGzipBytes_FailOnlyThatFile()
    {
        var file = Path.Combine(_dir, "random.json.gz");
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x1f;
        bytes[1] = 0x8b;
        File.WriteAllBytes(file, bytes);
        using (var gzip = new GZipStream(File.Create(Path.Combine(_dir, "ok.json.gz")), CompressionLevel.Fastest))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(TrailFiles.Document([SeedEvents.LoggingDisabled("hit-ok")])));
        }

        var result = await TrailWatcherProcess.RunAsync(Timeout, "scan", _dir);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["hit-ok"], result.AlertedEventIds);
        Assert.Contains(file, result.StandardError, StringComparison.Ordinal);
    }
}
