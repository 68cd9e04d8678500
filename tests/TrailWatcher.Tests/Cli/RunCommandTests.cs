using Xunit;

namespace TrailWatcher.Tests.Cli;

public sealed class RunCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_DefaultDirectorySource_ProcessesFilesPresentAndArrivingOnceEachThenStopsOnSigterm()
    {
        var inbox = Path.Combine(_dir, "inbox");
        TrailFiles.WriteGzip(Path.Combine(inbox, "before.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-before")]));
        // Both hits are the same bucket: dedup off, so each file's alert shows it was processed.
        await using var service = TrailWatcherProcess.Start(_dir, new Dictionary<string, string>
        {
            ["TrailWatcher__Directory__PollIntervalSeconds"] = "0.2",
            ["TrailWatcher__Dedup__Enabled"] = "false",
        }, "run");

        Assert.True(await service.WaitForOutputAsync(o => o.Contains("hit-before", StringComparison.Ordinal), Timeout), service.StandardError);
        // Written elsewhere and moved in whole, as a careful uploader does; the poller also waits for a stable size.
        var staged = TrailFiles.WriteGzip(Path.Combine(_dir, "staging", "later.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-later"), SeedEvents.Background("bg")]));
        Directory.CreateDirectory(Path.Combine(inbox, "2024"));
        File.Move(staged, Path.Combine(inbox, "2024", "later.json.gz"));
        Assert.True(await service.WaitForOutputAsync(o => o.Contains("hit-later", StringComparison.Ordinal), Timeout), service.StandardError);
        await Task.Delay(1000);

        service.Terminate();
        var code = await service.WaitForExitAsync(Timeout);

        Assert.Equal(0, code);
        // Each planted event alerts once per rule that covers it: the seed rule's alerts show each file was read once.
        var lines = service.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains("\"rule_id\":\"AWS.S3.DisableBucketLogging\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Single(lines, l => l.Contains("hit-before", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("hit-later", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_Restarted_SkipsFilesFinishedBeforeAndReadsChangedOnesAgain()
    {
        var inbox = Path.Combine(_dir, "inbox");
        var kept = TrailFiles.WriteGzip(Path.Combine(inbox, "kept.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-kept")]));
        var changed = TrailFiles.WriteGzip(Path.Combine(inbox, "changed.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-v1")]));
        var settings = new Dictionary<string, string>
        {
            ["TrailWatcher__Directory__PollIntervalSeconds"] = "0.2",
            ["TrailWatcher__Dedup__Enabled"] = "false",
        };

        var first = await RunUntilAsync(settings, "hit-kept", "hit-v1");
        Assert.Contains("hit-kept", first, StringComparison.Ordinal);

        // The second run meets one untouched file, one rewritten file, one new file, and a state line cut short by a crash.
        TrailFiles.WriteGzip(changed, TrailFiles.Document([SeedEvents.LoggingDisabled("hit-v2")]));
        File.SetLastWriteTimeUtc(changed, DateTime.UtcNow.AddMinutes(1));
        TrailFiles.WriteGzip(Path.Combine(inbox, "new.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-new")]));
        await File.AppendAllTextAsync(Path.Combine(inbox, ".trailwatcher-state"), "{\"path\":\"cut");
        var second = await RunUntilAsync(settings, "hit-v2", "hit-new");

        Assert.DoesNotContain("hit-kept", second, StringComparison.Ordinal);
        Assert.DoesNotContain("hit-v1", second, StringComparison.Ordinal);
        Assert.True(File.Exists(kept));

        // With the state file switched off, a restart reads everything again.
        settings["TrailWatcher__Directory__StateFile"] = "";
        var third = await RunUntilAsync(settings, "hit-kept", "hit-v2", "hit-new");
        Assert.Contains("hit-kept", third, StringComparison.Ordinal);
    }

    private async Task<string> RunUntilAsync(Dictionary<string, string> settings, params string[] expected)
    {
        await using var service = TrailWatcherProcess.Start(_dir, settings, "run");
        Assert.True(
            await service.WaitForOutputAsync(o => expected.All(e => o.Contains(e, StringComparison.Ordinal)), Timeout),
            service.StandardError);
        // A few more polls: anything the service would wrongly read again shows up by now.
        await Task.Delay(1000);
        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(Timeout));
        return service.StandardOutput;
    }

    [Fact]
    public async Task Run_Dedup_AlertsAtOnceAndOnSigtermWritesTheUpdateOfTheOpenGroup()
    {
        var inbox = Path.Combine(_dir, "inbox");
        TrailFiles.WriteGzip(Path.Combine(inbox, "a.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-first")]));
        var rules = DedupRules.Write(Path.Combine(_dir, "rules"));
        await using var service = TrailWatcherProcess.Start(_dir, new Dictionary<string, string> { ["TrailWatcher__Directory__PollIntervalSeconds"] = "0.2" }, "run", "--rules", rules);
        Assert.True(await service.WaitForOutputAsync(o => o.Contains("hit-first", StringComparison.Ordinal), Timeout), service.StandardError);
        TrailFiles.WriteGzip(Path.Combine(inbox, "b.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-second")]));
        var processed = System.Diagnostics.Stopwatch.StartNew();
        while (!service.StandardError.Contains("b.json.gz", StringComparison.Ordinal) && processed.Elapsed < Timeout)
        {
            await Task.Delay(100);
        }

        // The grouped rule counted the second match without a line of its own; the built-in rule alerted on it.
        Assert.Single(GroupedLines(service.StandardOutput));
        Assert.Contains("hit-second", service.StandardOutput, StringComparison.Ordinal);
        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(Timeout));

        var lines = service.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("rule_id").GetString() == DedupRules.RuleId).ToList();
        Assert.Equal(["alert", "update"], lines.Select(l => l.GetProperty("kind").GetString()));
        Assert.Equal(["hit-second"], lines[1].GetProperty("event_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, lines[1].GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Run_InvalidSetting_FailsAtStartNamingTheSetting()
    {
        await using var service = TrailWatcherProcess.Start(_dir, new Dictionary<string, string>
        {
            ["TrailWatcher__Pipeline__ChannelCapacity"] = "0",
            ["TrailWatcher__Directory__PollIntervalSeconds"] = "-1",
            ["TrailWatcher__Dedup__KeyPrefix"] = "",
        }, "run");

        var code = await service.WaitForExitAsync(Timeout);

        Assert.Equal(2, code);
        Assert.Contains("ChannelCapacity", service.StandardError, StringComparison.Ordinal);
        Assert.Contains("PollIntervalSeconds", service.StandardError, StringComparison.Ordinal);
        Assert.Contains("TrailWatcher:Dedup:KeyPrefix", service.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FileSink_AppendsAlertsToTheConfiguredFile()
    {
        var inbox = Path.Combine(_dir, "in");
        var alerts = Path.Combine(_dir, "out", "alerts.jsonl");
        TrailFiles.WriteGzip(Path.Combine(inbox, "a.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-file")]));
        await using var service = TrailWatcherProcess.Start(_dir, new Dictionary<string, string>
        {
            ["TrailWatcher__Directory__Path"] = inbox,
            ["TrailWatcher__Directory__PollIntervalSeconds"] = "0.2",
            ["TrailWatcher__Sinks__File__Path"] = alerts,
        }, "run");

        Assert.True(await service.WaitForOutputAsync(o => o.Contains("hit-file", StringComparison.Ordinal), Timeout), service.StandardError);
        service.Terminate();
        await service.WaitForExitAsync(Timeout);

        Assert.Contains("hit-file", await File.ReadAllTextAsync(alerts), StringComparison.Ordinal);
    }

    private static List<string> GroupedLines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains($"\"rule_id\":\"{DedupRules.RuleId}\"", StringComparison.Ordinal))];
}
