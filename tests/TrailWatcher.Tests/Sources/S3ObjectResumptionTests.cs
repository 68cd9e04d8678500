using System.Diagnostics;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrailWatcher.Aws;
using TrailWatcher.Sources.S3;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sources;

/// <summary>A GetObject body that breaks off or stalls midway is continued where it stopped, never read twice.</summary>
public sealed class S3ObjectResumptionTests
{
    private const string Bucket = "trail";
    private const string Key = "AWSLogs/111111111111/CloudTrail/us-east-1/2024/01/15/log.json.gz";
    private static readonly byte[] Body = [.. Enumerable.Range(0, 256 * 1024).Select(i => (byte)(i * 31))];

    [Fact]
    public async Task Read_BodyResetTwice_ArrivesWholeWithRangedGetsFromWhereItStopped()
    {
        using var server = new BreakingS3Server(Bucket, Key, Body, breaks: 2, breakAfter: 64 * 1024, stall: false);
        var opener = Opener(server, maxResumptions: 3);

        var read = await ReadAllAsync(opener);

        Assert.Equal(Body, read);
        Assert.Equal(2, opener.Resumptions);
        var ranges = server.Ranges;
        Assert.Equal(3, ranges.Count);
        Assert.Null(ranges[0]);
        // Each resumption asks only for what had not arrived: never the object's first byte again.
        Assert.All(ranges.Skip(1), r => Assert.Matches(@"^bytes=[1-9]\d*-262143$", r));
    }

    [Fact]
    public async Task Read_BodyStalls_IsResumedAfterTheStallTimeout()
    {
        using var server = new BreakingS3Server(Bucket, Key, Body, breaks: 1, breakAfter: 64 * 1024, stall: true);
        var opener = Opener(server, maxResumptions: 1, stallSeconds: 1);

        var clock = Stopwatch.StartNew();
        var read = await ReadAllAsync(opener);

        Assert.Equal(Body, read);
        Assert.Equal(1, opener.Resumptions);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Read_BreaksMoreOftenThanAllowed_FailsNamingTheObjectAndTheOffset()
    {
        using var server = new BreakingS3Server(Bucket, Key, Body, breaks: 10, breakAfter: 16 * 1024, stall: false);
        var opener = Opener(server, maxResumptions: 2);

        var error = await Assert.ThrowsAsync<IOException>(() => ReadAllAsync(opener));

        Assert.Contains($"s3://{Bucket}/{Key}", error.Message, StringComparison.Ordinal);
        Assert.Contains("resumed 2 times", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, opener.Resumptions);
    }

    [Fact]
    public async Task Read_ObjectReplacedWhileBroken_FailsRatherThanSplicingTwoVersions()
    {
        using var server = new BreakingS3Server(Bucket, Key, Body, breaks: 1, breakAfter: 64 * 1024, stall: false);
        var opener = Opener(server, maxResumptions: 3);
        await using var stream = await opener.Describe(new S3ObjectReference(Bucket, Key)).OpenAsync(CancellationToken.None);
        server.Replace([.. Body.Reverse()]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Contains("changed while it was being read", error.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> ReadAllAsync(S3ObjectOpener opener)
    {
        await using var stream = await opener.Describe(new S3ObjectReference(Bucket, Key)).OpenAsync(CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static S3ObjectOpener Opener(BreakingS3Server server, int maxResumptions, int stallSeconds = 30) => new(
        AwsClientFactory.CreateS3(new AwsOptions { ServiceUrl = server.Url, Region = "us-east-1" }, forcePathStyle: true, new BasicAWSCredentials("test", "test")),
        Options.Create(new S3Options { MaxRetries = 2, RetryBaseDelaySeconds = 0.01, MaxResumptions = maxResumptions, ReadStallSeconds = stallSeconds }),
        TestMetrics.Create(),
        TimeProvider.System,
        NullLogger<S3ObjectOpener>.Instance);
}
