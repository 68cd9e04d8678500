using System.IO.Compression;
using System.Text;
using TrailWatcher.Pipeline;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Pipeline;

/// <summary>A local log past <see cref="ReadAheadStream.MinimumObjectBytes"/>, which two or more cores read with the inflation on a thread of its own.</summary>
public sealed class DetectionPipelineLargeFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tw-large-").FullName;

    [Fact]
    public async Task Read_LargeFile_EveryRecordReadAndEveryMatchAlerted()
    {
        var (path, records) = Write(truncate: false);

        var (outcome, alerted) = await ScanAsync(path);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.Equal(records, outcome.Records);
        Assert.Equal(["first", "last", "middle"], alerted.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Read_LargeFileCutShort_FailsNamingTheFileAfterAlertingOnWhatCameBefore()
    {
        var (path, _) = Write(truncate: true);

        var (outcome, alerted) = await ScanAsync(path);

        Assert.False(outcome.Succeeded);
        Assert.Contains(path, outcome.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("first", alerted);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(ObjectOutcome Outcome, IReadOnlyList<string> Alerted)> ScanAsync(string path)
    {
        var harness = new PipelineHarness(parallelism: 2);
        var running = harness.Pipeline.RunAsync(CancellationToken.None);
        var work = await harness.Pipeline.SubmitAsync(LogObject.ForFile(path), CancellationToken.None);
        var outcome = await work.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        harness.Pipeline.CompleteAdding();
        await running;
        return (outcome, [.. harness.Sink.Accepted.Select(a => a.EventId ?? "")]);
    }

    // Stored (uncompressed) gzip blocks: the file passes the read-ahead size with no time spent compressing.
    private (string Path, int Records) Write(bool truncate)
    {
        const int records = 30_000;
        var events = Enumerable.Range(0, records).Select(i => i switch
        {
            0 => SeedEvents.LoggingDisabled("first"),
            records / 2 => SeedEvents.LoggingDisabled("middle"),
            records - 1 => SeedEvents.LoggingDisabled("last"),
            _ => SeedEvents.Background($"b{i}"),
        });
        var json = Encoding.UTF8.GetBytes(TrailFiles.Document(events));
        var path = Path.Combine(_directory, "large.json.gz");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.NoCompression))
        {
            gzip.Write(truncate ? json.AsSpan(0, json.Length * 3 / 4) : json);
        }

        Assert.True(new FileInfo(path).Length >= ReadAheadStream.MinimumObjectBytes, $"{new FileInfo(path).Length:N0} bytes");
        return (path, records);
    }
}
