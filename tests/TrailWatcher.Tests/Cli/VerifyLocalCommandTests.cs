using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace TrailWatcher.Tests.Cli;

/// <summary>`trailwatcher verify DIR` over a local copy of a signed trail (as `aws s3 sync` writes it), untouched and tampered with.</summary>
public sealed class VerifyLocalCommandTests : IDisposable
{
    private static readonly DateTimeOffset Hour = new(2024, 1, 15, 10, 1, 31, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly SignedTrail _trail = new("trail-bucket");
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-verify-local-").FullName;
    private readonly List<string> _logs = [];

    public VerifyLocalCommandTests()
    {
        // Three hours of a trail: a starting digest, then two that chain to it, two log files each.
        for (var hour = 0; hour < 3; hour++)
        {
            var end = Hour.AddHours(hour);
            var logs = new[] { _trail.AddLog(end.AddMinutes(-40), SeedEvents.Background($"a{hour}")), _trail.AddLog(end.AddMinutes(-10), SeedEvents.Background($"b{hour}")) };
            _logs.AddRange(logs);
            _trail.AddDigest(end, logs);
        }

        foreach (var (key, stored) in _trail.Objects)
        {
            Write(key, stored.Content);
        }
    }

    public void Dispose()
    {
        _trail.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Verify_UntouchedLocalCopy_Exit0WithSignaturesNotCheckedInTheTable()
    {
        var keys = Path.Combine(_dir, "keys.json");
        await File.WriteAllTextAsync(keys, _trail.PublicKeyFile());

        var result = await VerifyAsync("--public-key", keys);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("", result.StandardOutput);
        Assert.Matches(new Regex(@"ACCOUNT\s+REGION\s+DIGESTS\s+LOG FILES\s+SIGNATURES\s+PROBLEMS\n111122223333\s+us-east-1\s+3\s+6\s+not checked\s+0\n"), result.StandardError);
        Assert.Contains($"{_dir}: 3 digests (0 backfill), 6 log files checked, signatures not checked (a local copy keeps no S3 metadata), 0 problems", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"warning: --public-key {keys} is not used: a local copy keeps no signatures to check", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_LocalLogFileDeleted_Exit1WithALogFileMissingAlertNamingThePath()
    {
        File.Delete(PathOf(_logs[1]));

        var result = await VerifyAsync();

        Assert.Equal(1, result.ExitCode);
        var alert = Assert.Single(result.Alerts);
        Assert.Equal("TrailWatcher.Integrity.LogFileMissing", alert.GetProperty("rule_id").GetString());
        Assert.Equal("trailwatcher.alert/1", alert.GetProperty("schema").GetString());
        Assert.Equal(PathOf(_logs[1]), alert.GetProperty("source").GetString());
        Assert.Equal("111122223333", alert.GetProperty("account_id").GetString());
        Assert.Equal("us-east-1", alert.GetProperty("region").GetString());
        Assert.Equal($"s3://trail-bucket/{_logs[1]}", alert.GetProperty("context").GetProperty("object").GetString());
        Assert.Contains($"LOG FILE MISSING {PathOf(_logs[1])}: ", result.StandardError, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"111122223333\s+us-east-1\s+3\s+6\s+not checked\s+1\n"), result.StandardError);
    }

    [Fact]
    public async Task Verify_LocalLogFileModified_Exit1WithALogFileChangedAlert()
    {
        _trail.ReplaceLog(_logs[3], SeedEvents.LoggingDisabled("planted"));
        Write(_logs[3], _trail.Objects[_logs[3]].Content);

        var result = await VerifyAsync();

        Assert.Equal(1, result.ExitCode);
        var alert = Assert.Single(result.Alerts);
        Assert.Equal("TrailWatcher.Integrity.LogFileModified", alert.GetProperty("rule_id").GetString());
        Assert.Equal(PathOf(_logs[3]), alert.GetProperty("source").GetString());
        Assert.Equal("critical", alert.GetProperty("severity").GetString());

        // Written as the built-in rule the service raises the same finding under: its title, mapping and runbook.
        Assert.Equal("CloudTrail log file changed after delivery", alert.GetProperty("title").GetString());
        Assert.Contains("T1565", alert.GetProperty("mitre").GetProperty("techniques").EnumerateArray().Select(t => t.GetString()));
        Assert.False(string.IsNullOrEmpty(alert.GetProperty("runbook").GetString()));
    }

    [Fact]
    public async Task Verify_LocalMiddleDigestRemoved_Exit1DigestMissingAndItsLogFilesUnlisted()
    {
        File.Delete(PathOf(_trail.DigestKeys[1]));

        var result = await VerifyAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(PathOf(_trail.DigestKeys[1]), Assert.Single(Of(result, "DigestMissing")).GetProperty("source").GetString());
        // With their digest gone, nothing vouches for that hour's two log files any more.
        Assert.Equal([PathOf(_logs[2]), PathOf(_logs[3])], Of(result, "LogFileUnlisted").Select(a => a.GetProperty("source").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(3, result.Alerts.Count);
    }

    [Fact]
    public async Task Verify_LocalLogFilePresentButNotListed_Exit1WithALogFileUnlistedAlert()
    {
        var added = _trail.AddLog(Hour.AddMinutes(30), SeedEvents.LoggingDisabled("slipped-in"));
        Write(added, _trail.Objects[added].Content);

        var result = await VerifyAsync();

        Assert.Equal(1, result.ExitCode);
        var alert = Assert.Single(result.Alerts);
        Assert.Equal("TrailWatcher.Integrity.LogFileUnlisted", alert.GetProperty("rule_id").GetString());
        Assert.Equal(PathOf(added), alert.GetProperty("source").GetString());
        Assert.Contains($"LOG FILE UNLISTED {PathOf(added)}: delivered 2024-01-15T10:31Z", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_LocalRegionFilterMatchingNothing_Exit1SayingNoDigestWasFound()
    {
        var result = await VerifyAsync("--region", "eu-west-1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: no digest files under {_dir} for the time, accounts and regions given", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NoSuchDirectory_Exit2NamingIt()
    {
        var missing = Path.Combine(_dir, "nowhere");

        var result = await TrailWatcherProcess.RunAsync(Timeout, "verify", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: {missing}: no such directory", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_CopyOfAnOrganizationTrailUnderAPrefix_MapsKeysBothWaysAndFiltersByAccount()
    {
        // `aws s3 sync s3://org-bucket/trails ./copy`: the digests name keys under trails/, the copy starts at AWSLogs/.
        using var member = new SignedTrail("org-bucket", accountId: "444455556666", organizationId: "o-abc123def4", keyPrefix: "trails/");
        using var other = new SignedTrail("org-bucket", accountId: "777788889999", organizationId: "o-abc123def4", keyPrefix: "trails/");
        var copy = Path.Combine(_dir, "copy");
        var changed = "";
        foreach (var trail in new[] { member, other })
        {
            for (var hour = 0; hour < 2; hour++)
            {
                var log = trail.AddLog(Hour.AddHours(hour).AddMinutes(-30), SeedEvents.Background($"{trail.AccountId}-{hour}"));
                trail.AddDigest(Hour.AddHours(hour), [log]);
                changed = trail == member && hour == 1 ? log : changed;
            }
        }

        member.ReplaceLog(changed, SeedEvents.LoggingDisabled("edited"));
        foreach (var (key, stored) in member.Objects.Concat(other.Objects))
        {
            var path = Path.Combine(copy, key["trails/".Length..].Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, stored.Content);
        }

        var all = await TrailWatcherProcess.RunAsync(Timeout, "verify", copy);
        var filtered = await TrailWatcherProcess.RunAsync(Timeout, "verify", copy, "--account", "777788889999");

        Assert.Equal(1, all.ExitCode);
        var alert = Assert.Single(all.Alerts);
        Assert.Equal("TrailWatcher.Integrity.LogFileModified", alert.GetProperty("rule_id").GetString());
        Assert.Equal($"s3://org-bucket/{changed}", alert.GetProperty("context").GetProperty("object").GetString());
        Assert.Equal(Path.Combine(copy, changed["trails/".Length..].Replace('/', Path.DirectorySeparatorChar)), alert.GetProperty("source").GetString());
        Assert.Equal("444455556666", alert.GetProperty("account_id").GetString());
        Assert.Matches(new Regex(@"444455556666\s+us-east-1\s+2\s+2\s+not checked\s+1\n777788889999\s+us-east-1\s+2\s+2\s+not checked\s+0\n"), all.StandardError);
        Assert.True(filtered.ExitCode == 0, filtered.StandardError);
        Assert.Contains($"{copy}: 2 digests (0 backfill), 2 log files checked", filtered.StandardError, StringComparison.Ordinal);
    }

    private static IEnumerable<JsonElement> Of(ProcessResult result, string kind) =>
        result.Alerts.Where(a => a.GetProperty("rule_id").GetString() == "TrailWatcher.Integrity." + kind);

    private Task<ProcessResult> VerifyAsync(params string[] options) => TrailWatcherProcess.RunAsync(Timeout, ["verify", _dir, .. options]);

    private string PathOf(string key) => Path.Combine(_dir, key.Replace('/', Path.DirectorySeparatorChar));

    private void Write(string key, byte[] content)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }
}
