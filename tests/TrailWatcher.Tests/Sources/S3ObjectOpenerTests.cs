using System.Net;
using System.Text;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrailWatcher.Aws;
using TrailWatcher.Sources.S3;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sources;

public sealed class S3ObjectOpenerTests
{
    private const string Bucket = "trail";
    private const string Key = "AWSLogs/111111111111/CloudTrail/us-east-1/2024/01/15/log.json.gz";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"Records":[]}""");

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "SlowDown")]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError")]
    public async Task Open_TransientFailures_AreRetriedUntilTheObjectArrives(HttpStatusCode status, string code)
    {
        using var server = new FlakyS3Server(Bucket, Key, Body, failures: 2, status, code);
        var opener = Opener(server, maxRetries: 3);

        await using var stream = await opener.Describe(new S3ObjectReference(Bucket, Key)).OpenAsync(CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal(Body, copy.ToArray());
        Assert.Equal(3, server.Requests);
        Assert.Equal(2, opener.Retries);
    }

    [Fact]
    public async Task Open_FailingLongerThanTheRetryBudget_GivesUpAfterMaxRetries()
    {
        using var server = new FlakyS3Server(Bucket, Key, Body, failures: 100, HttpStatusCode.ServiceUnavailable, "SlowDown");
        var opener = Opener(server, maxRetries: 2);

        await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(async () => await opener.Describe(new S3ObjectReference(Bucket, Key)).OpenAsync(CancellationToken.None));

        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task Open_MissingObject_FailsAtOnceNamingTheObject()
    {
        using var server = new FlakyS3Server(Bucket, Key, Body, failures: 0, HttpStatusCode.OK, "");
        var opener = Opener(server, maxRetries: 3);

        var error = await Assert.ThrowsAsync<FileNotFoundException>(async () => await opener.Describe(new S3ObjectReference(Bucket, "AWSLogs/missing.json.gz")).OpenAsync(CancellationToken.None));

        Assert.Contains("s3://trail/AWSLogs/missing.json.gz", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData("AWSLogs/1/CloudTrail/x.json.gz", true)]
    [InlineData("other/AWSLogs/1/CloudTrail/x.json.gz", false)]
    [InlineData("AWSLogs/1/CloudTrail-Insight/x.json.gz", false)]
    public void IsIncluded_FollowsIncludeAndExcludePrefixes(string key, bool included)
    {
        var opener = new S3ObjectOpener(
            AwsClientFactory.CreateS3(new AwsOptions { ServiceUrl = "http://127.0.0.1:1" }, true, new BasicAWSCredentials("test", "test")),
            Options.Create(new S3Options { IncludePrefixes = ["AWSLogs/"], ExcludePrefixes = ["AWSLogs/1/CloudTrail-Insight/"] }),
            TimeProvider.System,
            NullLogger<S3ObjectOpener>.Instance);

        Assert.Equal(included, opener.IsIncluded(key));
    }

    private static S3ObjectOpener Opener(FlakyS3Server server, int maxRetries) => new(
        AwsClientFactory.CreateS3(new AwsOptions { ServiceUrl = server.Url, Region = "us-east-1" }, forcePathStyle: true, new BasicAWSCredentials("test", "test")),
        Options.Create(new S3Options { MaxRetries = maxRetries, RetryBaseDelaySeconds = 0.01 }),
        TimeProvider.System,
        NullLogger<S3ObjectOpener>.Instance);
}
