using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using TrailWatcher.Sources.S3;
using TrailWatcher.Sources.Sqs;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sources.Sqs;

/// <summary>With log file integrity on, log files are hashed into the ledger and digest notifications go to the validator; a message waits for both.</summary>
public sealed class SqsMessageHandlerDigestTests
{
    [Fact]
    public async Task Handle_LogAndDigestAnnounced_LogIsHashedIntoTheLedger_DigestIsValidated_ThenTheMessageIsDeleted()
    {
        var recorded = new ConcurrentDictionary<string, string>();
        var validated = new ConcurrentQueue<S3ObjectReference>();
        var hook = new DigestHook(
            (reference, _) => { validated.Enqueue(reference); return Task.FromResult(true); },
            (outcome, _) => { if (outcome.ContentHash is { } hash) { recorded[outcome.Object.Name] = hash; } return ValueTask.CompletedTask; });
        await using var source = new SqsSourceHarness(digests: hook);
        var json = TrailFiles.Document([SeedEvents.LoggingDisabled("hit")]);
        source.S3.Put(SqsMessages.LogKey("a"), SignedTrail.Gzip(Encoding.UTF8.GetBytes(json)));
        var message = SqsMessages.ObjectsCreated("m1", SqsMessages.LogKey("a"), SqsMessages.DigestKey("d1"));

        await source.HandleAsync(message);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))), recorded[$"s3://{SqsMessages.Bucket}/{SqsMessages.LogKey("a")}"]);
        Assert.Equal([SqsMessages.DigestKey("d1")], validated.Select(v => v.Key));
        Assert.Single(source.Sqs.Calls, c => c.IsDeleteOf(message.ReceiptHandle));
        Assert.Equal(["hit"], source.Detection.Sink.Accepted.Select(a => a.EventId));
    }

    [Fact]
    public async Task Handle_DigestValidationNotDone_MessageIsNotDeleted_SoItReturnsForAnotherTry()
    {
        var hook = new DigestHook((_, _) => Task.FromResult(false), (_, _) => ValueTask.CompletedTask);
        await using var source = new SqsSourceHarness(digests: hook);
        var message = SqsMessages.ObjectsCreated("m1", SqsMessages.DigestKey("d1"));

        await source.HandleAsync(message);

        Assert.DoesNotContain(source.Sqs.Calls, c => c.Action == SqsCall.Delete);
    }
}
