using Amazon.S3.Model;
using TrailWatcher.IntegrationTests.Support;
using Xunit;

namespace TrailWatcher.IntegrationTests.Worker;

/// <summary>The worker with log file integrity on, over a signed trail in the emulator with tampering planted in it.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class SqsWorkerIntegrityTests(AwsEmulatorFixture emulator)
{
    // The shortest grace there is: the dropped notification's file is fetched a minute after its digest arrived.
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Worker_ChainWithPlantedTampering_RaisesExactlyTheIntegrityAlerts_AndTheUnannouncedFilesAlertsToo()
    {
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        using var trail = new SignedTrail(harness.Bucket);
        using var forger = System.Security.Cryptography.RSA.Create(2048);
        var queues = await QueuePair.CreateAsync(emulator, "integrity", maxReceiveCount: 5);
        // Digests end just now, so no delivery gap is due while the test runs.
        var now = DateTimeOffset.UtcNow;
        var intact = trail.AddLog(now.AddMinutes(-9), SeedEvents.LoggingDisabled("int-intact"));
        var modified = trail.AddLog(now.AddMinutes(-8), SeedEvents.Background("int-original"));
        var first = trail.AddDigest(now.AddMinutes(-7), [intact, modified]);
        var deleted = trail.AddLog(now.AddMinutes(-6), SeedEvents.Background("int-deleted"));
        var unannounced = trail.AddLog(now.AddMinutes(-5), SeedEvents.LoggingDisabled("int-unannounced"));
        var second = trail.AddDigest(now.AddMinutes(-4), [deleted, unannounced]);
        var late = trail.AddLog(now.AddMinutes(-3), SeedEvents.Background("int-late"));
        var forged = trail.AddDigest(now.AddMinutes(-2), [late], signWith: forger);
        trail.ReplaceLog(modified, SeedEvents.Background("int-rewritten"));
        trail.Objects.Remove(deleted);
        foreach (var (key, stored) in trail.Objects)
        {
            await PutAsync(harness, key, stored);
        }

        // Every object present is announced except the one whose notification is "lost".
        foreach (var key in new[] { intact, modified, late, first, second, forged })
        {
            await harness.SendAsync(queues.QueueUrl, Notifications.S3ObjectCreated(harness.Bucket, key, trail.Objects[key].Content.Length));
        }

        var keyFile = Path.Combine(harness.Directory, "public-keys.json");
        await File.WriteAllTextAsync(keyFile, trail.PublicKeyFile());
        var alertFile = harness.AlertFilePath("alerts");
        var settings = harness.Settings(queues.QueueUrl, alertFile) with
        {
            Extra = new Dictionary<string, string>
            {
                ["TrailWatcher__Integrity__Enabled"] = "true",
                ["TrailWatcher__Integrity__PublicKeysFile"] = keyFile,
                ["TrailWatcher__Integrity__GraceMinutes"] = "1",
                ["TrailWatcher__Integrity__LedgerPollSeconds"] = "1",
            },
        };
        var worker = harness.StartWorker(settings);

        Assert.True(
            await AlertFile.WaitForEventIdsAsync(alertFile, ["int-intact", "int-unannounced"], AlertTimeout, () => worker.HasExited),
            $"Expected alerts for int-intact and int-unannounced; got [{string.Join(", ", AlertFile.EventIds(alertFile))}].\n{harness.WorkerLogs()}");
        var depth = await QueueProbe.WaitForDepthAsync(harness.Sqs, queues.QueueUrl, d => d.Total == 0, DrainTimeout);
        Assert.True(depth.Total == 0, $"The queue still holds {depth}.\n{harness.WorkerLogs()}");

        var integrity = AlertFile.ReadAll(alertFile).Where(a => a.RuleId.StartsWith("TrailWatcher.Integrity.", StringComparison.Ordinal))
            .Select(a => (a.RuleId, a.Source)).Order().ToList();
        Assert.True(
            integrity.SequenceEqual(new[]
            {
                ("TrailWatcher.Integrity.DigestSignatureInvalid", $"s3://{harness.Bucket}/{forged}"),
                ("TrailWatcher.Integrity.LogFileMissing", $"s3://{harness.Bucket}/{deleted}"),
                ("TrailWatcher.Integrity.LogFileModified", $"s3://{harness.Bucket}/{modified}"),
                ("TrailWatcher.Integrity.UnannouncedLogFile", $"s3://{harness.Bucket}/{unannounced}"),
            }.Order()),
            $"Integrity alerts: {string.Join("; ", integrity)}\n{harness.WorkerLogs()}");
        Assert.Equal(["int-intact", "int-unannounced"], AlertFile.EventIds(alertFile).Order(StringComparer.Ordinal));
    }

    private static async Task PutAsync(WorkerHarness harness, string key, TrailObject stored)
    {
        using var body = new MemoryStream(stored.Content, writable: false);
        var request = new PutObjectRequest { BucketName = harness.Bucket, Key = key, InputStream = body, ContentType = "application/json", AutoCloseStream = false };
        if (stored.Signature is not null)
        {
            // CloudTrail stores a digest's signature in user metadata: x-amz-meta-signature.
            request.Metadata.Add("signature", stored.Signature);
        }

        await harness.S3.PutObjectAsync(request);
    }
}
