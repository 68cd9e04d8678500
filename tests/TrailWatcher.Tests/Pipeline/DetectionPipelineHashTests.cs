using System.Security.Cryptography;
using System.Text;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Pipeline;

/// <summary>A log file asked to be hashed is hashed by the same read that evaluates it, as a digest lists it: SHA-256 of the uncompressed content.</summary>
public sealed class DetectionPipelineHashTests
{
    [Fact]
    public async Task Read_HashedGzipObject_OutcomeCarriesTheSha256OfTheUncompressedContent_AndItStillAlerts()
    {
        var harness = new PipelineHarness();
        // A trailing newline after the records counts: the digest hashes the whole content.
        var json = TrailFiles.Document([SeedEvents.LoggingDisabled("hashed"), SeedEvents.Background("bg")]) + "\n";
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var work = await harness.Pipeline.SubmitAsync(PipelineHarness.FromStream("s3://trail/a.json.gz", () => new MemoryStream(SignedTrail.Gzip(Encoding.UTF8.GetBytes(json)))) with { Hashed = true }, CancellationToken.None);
        harness.Pipeline.CompleteAdding();
        await running;

        var outcome = await work.Completion;
        Assert.True(outcome.Succeeded);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))), outcome.ContentHash);
        Assert.Equal(["hashed"], harness.Sink.Accepted.Select(a => a.EventId));
    }

    [Fact]
    public async Task Read_ObjectNotAskedToBeHashed_HasNoHash()
    {
        var harness = new PipelineHarness();
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var work = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("s3://trail/plain.json", TrailFiles.Document([SeedEvents.LoggingDisabled("plain")])), CancellationToken.None);
        harness.Pipeline.CompleteAdding();
        await running;

        Assert.Null((await work.Completion).ContentHash);
    }

    [Fact]
    public async Task Read_HashedObjectThatFailsPartWay_HasNoHash_SoItNeverVouchesForContentNotRead()
    {
        var harness = new PipelineHarness();
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var work = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("s3://trail/broken.json", """{"Records":[{"eventID":"x", """) with { Hashed = true }, CancellationToken.None);
        harness.Pipeline.CompleteAdding();
        await running;

        var outcome = await work.Completion;
        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.ContentHash);
    }
}
