using System.IO.Compression;
using System.Text;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Pipeline;

/// <summary>Objects past the decompression limits fail with the setting named, after the records read before the limit were evaluated.</summary>
public sealed class DetectionPipelineLimitTests
{
    [Fact]
    public async Task Read_ObjectLargerThanMaxObjectBytes_FailsNamingTheSetting_RecordsBeforeTheLimitStillAlert()
    {
        var harness = new PipelineHarness();
        harness.Options.MaxObjectBytes = 1L << 20;
        var records = new List<System.Text.Json.Nodes.JsonNode> { SeedEvents.LoggingDisabled("before") };
        records.AddRange(Enumerable.Range(0, 2000).Select(i => SeedEvents.Background($"bg-{i}")));
        records.Add(SeedEvents.LoggingDisabled("after"));
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var large = await harness.Pipeline.SubmitAsync(PipelineHarness.FromStream("s3://trail/large.json.gz", () => new MemoryStream(TrailFiles.Gzip([.. records]))), CancellationToken.None);
        var fine = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("s3://trail/fine.json", TrailFiles.Document([SeedEvents.LoggingDisabled("fine")])), CancellationToken.None);
        harness.Pipeline.CompleteAdding();
        await running;

        var outcome = await large.Completion;
        Assert.False(outcome.Succeeded);
        Assert.Contains("s3://trail/large.json.gz", outcome.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("TrailWatcher:Pipeline:MaxObjectBytes", outcome.Error.Message, StringComparison.Ordinal);
        Assert.True((await fine.Completion).Succeeded);
        Assert.Equal(["before", "fine"], harness.Sink.Accepted.Select(a => a.EventId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Read_GzipBomb_StopsAtTheCompressionRatioLimit_NotAfterReadingItAll()
    {
        var harness = new PipelineHarness();
        var bomb = Bomb(SeedEvents.LoggingDisabled("first").ToJsonString(), paddingBytes: 160L << 20);
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var work = await harness.Pipeline.SubmitAsync(PipelineHarness.FromStream("s3://trail/bomb.json.gz", () => new MemoryStream(bomb)), CancellationToken.None);
        harness.Pipeline.CompleteAdding();
        await running;

        var outcome = await work.Completion;
        Assert.False(outcome.Succeeded);
        Assert.Contains("TrailWatcher:Pipeline:MaxCompressionRatio", outcome.Error!.Message, StringComparison.Ordinal);
        // Stopped soon after the 64 MiB below which a ratio is not judged, far short of the whole padding.
        Assert.InRange(outcome.UncompressedBytes, 60L << 20, 80L << 20);
        Assert.Equal(["first"], harness.Sink.Accepted.Select(a => a.EventId));
    }

    [Fact]
    public async Task Read_RecordLargerThanMaxRecordBytes_RaisesASignalNamingIt_AndTheRestOfTheFileIsEvaluated()
    {
        var harness = new PipelineHarness();
        harness.Options.MaxRecordBytes = 4096;
        var huge = SeedEvents.LoggingDisabled("huge");
        huge["requestParameters"]!["padding"] = new string('x', 50_000);
        var json = TrailFiles.Document([SeedEvents.LoggingDisabled("before"), huge, SeedEvents.LoggingDisabled("after")]);
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var work = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("s3://trail/huge.json", json), CancellationToken.None);
        harness.Pipeline.CompleteAdding();
        await running;

        var outcome = await work.Completion;
        Assert.True(outcome.Succeeded);
        Assert.Equal(3, outcome.Records);
        Assert.Equal(["after", "before"], harness.Sink.Accepted.Where(a => a.RuleId == SeedEvents.RuleId).Select(a => a.EventId).Order(StringComparer.Ordinal));
        var signal = Assert.Single(harness.Sink.Accepted, a => a.RuleId == Detection.Evaluation.OversizedRecordSignal.RuleId);
        Assert.True(signal.Signal);
        Assert.Equal("s3://trail/huge.json", signal.Source);
        var context = signal.Context.ToDictionary(c => c.Key, c => c.Value.GetRawText(), StringComparer.Ordinal);
        Assert.Equal("1", context["record_index"]);
        var hugeStart = json.LastIndexOf("{\"eventVersion\"", json.IndexOf("\"huge\"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(hugeStart.ToString(System.Globalization.CultureInfo.InvariantCulture), context["byte_offset"]);
        Assert.True(long.Parse(context["record_bytes"], System.Globalization.CultureInfo.InvariantCulture) > 50_000);
    }

    [Fact]
    public async Task Read_RecordNestedTenThousandDeep_IsReportedByFileAndIndex_TheOtherRecordsAreEvaluated()
    {
        var harness = new PipelineHarness();
        // A record the seed rule must look at (so it is parsed), carrying the hostile nesting.
        var seed = SeedEvents.LoggingDisabled("deep").ToJsonString();
        var deep = seed[..^1] + ",\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
        var json = "{\"Records\":[" + SeedEvents.LoggingDisabled("before").ToJsonString() + "," + deep + "," + SeedEvents.LoggingDisabled("after").ToJsonString() + "]}";
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var work = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("s3://trail/deep.json", json), CancellationToken.None);
        harness.Pipeline.CompleteAdding();
        await running;

        var outcome = await work.Completion;
        Assert.Equal(3, outcome.Records);
        Assert.Equal(["after", "before"], harness.Sink.Accepted.Select(a => a.EventId).Order(StringComparer.Ordinal));
        Assert.NotNull(outcome.Error);
        Assert.Contains("s3://trail/deep.json", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Contains("record 1 is not valid JSON", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Contains("depth", outcome.Error.Message, StringComparison.OrdinalIgnoreCase);
    }

    // One record, then whitespace inside the Records array: valid JSON that compresses about a thousand to one at the smallest size.
    private static byte[] Bomb(string record, long paddingBytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes("{\"Records\":[" + record));
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            for (long written = 0; written < paddingBytes; written += spaces.Length)
            {
                gzip.Write(spaces);
            }

            gzip.Write("]}"u8);
        }

        return output.ToArray();
    }
}
