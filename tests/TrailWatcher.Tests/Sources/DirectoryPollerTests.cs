using Microsoft.Extensions.Logging;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sources;

public sealed class DirectoryPollerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-dirpoll-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Poll_FileStillBeingWritten_IsTakenOnceItsSizeHeldStillBetweenTwoListings()
    {
        await using var source = new DirectorySourceHarness(_dir);
        var file = Path.Combine(_dir, "a.json.gz");
        TrailFiles.WriteGzip(file, TrailFiles.Document([SeedEvents.LoggingDisabled("hit-1")]));

        var taken = new List<int>();
        await source.StartAsync();
        taken.Add(source.Probe.ObjectsInFlight);
        TrailFiles.WriteGzip(file, TrailFiles.Document([SeedEvents.LoggingDisabled("hit-1"), SeedEvents.LoggingDisabled("hit-2")]));
        for (var listing = 2; listing <= 4; listing++)
        {
            await source.NextListingAsync();
            taken.Add(source.Probe.ObjectsInFlight);
        }

        source.StartPipeline();
        await Eventually.TrueAsync(() => source.Recorded.Contains("a.json.gz"), "a.json.gz recorded as finished");

        // Seen, grown, held still: taken at the third listing, and only once.
        Assert.Equal([0, 0, 1, 1], taken);
        Assert.Equal(["hit-1", "hit-2"], source.Detection.Sink.Accepted.Select(a => a.EventId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Poll_AfterARestart_FinishedFilesAreSkippedAndRewrittenOnesReadAgain()
    {
        TrailFiles.WriteGzip(Path.Combine(_dir, "2024", "kept.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-kept")]));
        var changed = TrailFiles.WriteGzip(Path.Combine(_dir, "changed.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-v1")]));
        await using (var first = new DirectorySourceHarness(_dir))
        {
            first.StartPipeline();
            await first.StartAsync();
            await first.NextListingAsync();
            await Eventually.TrueAsync(() => first.Recorded.Count == 2, "both files recorded as finished");
            Assert.Equal([Path.Combine("2024", "kept.json.gz"), "changed.json.gz"], first.Recorded.Order(StringComparer.Ordinal));
        }

        TrailFiles.WriteGzip(changed, TrailFiles.Document([SeedEvents.LoggingDisabled("hit-v2"), SeedEvents.Background("bg")]));
        await using var second = new DirectorySourceHarness(_dir);
        await second.StartAsync();
        await second.NextListingAsync();
        await second.NextListingAsync();
        var taken = second.Probe.ObjectsInFlight;
        second.StartPipeline();
        await Eventually.TrueAsync(() => second.Recorded.Count(p => p == "changed.json.gz") == 1 && second.Recorded.Count == 2, "the rewritten file recorded again");

        Assert.Equal(1, taken);
        Assert.Equal(["hit-v2"], second.Detection.Sink.Accepted.Select(a => a.EventId));
        Assert.Contains(second.Logs.Entries, e => e.Text.Contains("1 files finished by an earlier run", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Poll_SinkRefusesTheAlerts_FileIsNotRecordedAndIsReadAgainLater()
    {
        await using var source = new DirectorySourceHarness(_dir);
        source.Detection.Sink.FailWith = new HttpRequestException("503 from the alert endpoint");
        TrailFiles.WriteGzip(Path.Combine(_dir, "a.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit")]));
        source.StartPipeline();

        await source.StartAsync();
        await source.NextListingAsync();
        await Eventually.TrueAsync(() => source.Logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Text.Contains("will be read again", StringComparison.Ordinal)), "the retry warning");
        var recordedWhileRefused = source.Recorded;
        source.Detection.Sink.FailWith = null;
        await source.NextListingAsync();
        await source.NextListingAsync();
        await Eventually.TrueAsync(() => source.Recorded.Contains("a.json.gz"), "a.json.gz recorded as finished");

        Assert.Empty(recordedWhileRefused);
        Assert.Equal(2, source.Detection.Sink.Writes);
        Assert.Equal(["hit"], source.Detection.Sink.Accepted.Select(a => a.EventId));
    }

    [Fact]
    public async Task Poll_CorruptFile_IsRecordedAsFinishedAndNotReadAgain()
    {
        await using var source = new DirectorySourceHarness(_dir);
        await File.WriteAllBytesAsync(Path.Combine(_dir, "broken.json.gz"), [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02]);
        source.StartPipeline();

        await source.StartAsync();
        await source.NextListingAsync();
        await Eventually.TrueAsync(() => source.Recorded.Contains("broken.json.gz"), "broken.json.gz recorded as finished");
        await source.NextListingAsync();
        await source.NextListingAsync();

        // It would only fail again: read once, like every other file.
        Assert.Equal(1, source.Detection.Totals.Objects);
        Assert.Equal(0, source.Probe.ObjectsInFlight);
    }

    [Fact]
    public async Task Poll_FilesThatAreNotLogs_AreNeverTaken()
    {
        await using var source = new DirectorySourceHarness(_dir);
        await File.WriteAllTextAsync(Path.Combine(_dir, "notes.txt"), "not a log");
        await File.WriteAllTextAsync(Path.Combine(_dir, ".partial.json.gz"), "a hidden file, as copy tools write them first");
        TrailFiles.WriteGzip(
            Path.Combine(_dir, "AWSLogs", "111111111111", "CloudTrail-Digest", "us-east-1", "2024", "01", "15", "111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20240115T104500Z.json.gz"),
            TrailFiles.Document([SeedEvents.LoggingDisabled("hit-in-digest")]));
        TrailFiles.WriteGzip(Path.Combine(_dir, "log.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit")]));

        await source.StartAsync();
        await source.NextListingAsync();
        await source.NextListingAsync();

        Assert.Equal(1, source.Probe.ObjectsInFlight);
    }
}
