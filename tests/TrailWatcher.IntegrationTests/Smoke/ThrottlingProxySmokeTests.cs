using System.Diagnostics;
using System.IO.Compression;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using TrailWatcher.IntegrationTests.Support;
using Xunit;
using Xunit.Abstractions;

namespace TrailWatcher.IntegrationTests.Smoke;

/// <summary>Proves the slow link the large-object worker tests rely on: it paces S3 bodies and passes SQS calls through.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class ThrottlingProxySmokeTests(AwsEmulatorFixture emulator, ITestOutputHelper output)
{
    [Fact]
    public async Task GetObject_LargeTrailObjectThroughSlowLink_ArrivesWholeInAboutTheReadTime()
    {
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        var key = CloudTrailKeys.Log("proxy-smoke");
        var size = await harness.PutObjectAsync(key, LargeTrailObject.Gzip);
        var readTime = TimeSpan.FromSeconds(2);
        var link = harness.SlowLinkFor(size, readTime);
        using var s3 = new AmazonS3Client(emulator.Credentials, new AmazonS3Config { ServiceURL = link.Url, AuthenticationRegion = emulator.Region, ForcePathStyle = true });

        var clock = Stopwatch.StartNew();
        using var response = await s3.GetObjectAsync(harness.Bucket, key);
        await using var gunzip = new GZipStream(response.ResponseStream, CompressionMode.Decompress);
        var uncompressed = await CountAsync(gunzip);
        var elapsed = clock.Elapsed;
        output.WriteLine($"{size} bytes gzipped, {uncompressed} uncompressed, read in {elapsed}");

        Assert.InRange(uncompressed, LargeTrailObject.TargetUncompressedBytes, LargeTrailObject.TargetUncompressedBytes + (64 * 1024));
        Assert.InRange(elapsed, readTime * 0.8, readTime * 3);
    }

    [Fact]
    public async Task SqsCalls_ThroughSlowLink_PassThrough()
    {
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        var queueUrl = await emulator.CreateQueueAsync(AwsEmulatorFixture.UniqueName("proxy-smoke"));
        var link = harness.SlowLinkFor(100_000, TimeSpan.FromSeconds(1));
        using var sqs = new AmazonSQSClient(emulator.Credentials, new AmazonSQSConfig { ServiceURL = link.Url, AuthenticationRegion = emulator.Region });

        await sqs.SendMessageAsync(queueUrl, "through the proxy");
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 2 });

        Assert.Equal("through the proxy", Assert.Single(received.Messages ?? []).Body);
    }

    private static async Task<long> CountAsync(Stream stream)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }
}
