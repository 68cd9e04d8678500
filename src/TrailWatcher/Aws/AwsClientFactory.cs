using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;

namespace TrailWatcher.Aws;

/// <summary>Builds the S3 and SQS clients from <see cref="AwsOptions"/>, leaving retries to our own Polly pipelines.</summary>
internal static class AwsClientFactory
{
    /// <summary>An S3 client for log objects.</summary>
    /// <param name="aws">Endpoint and region.</param>
    /// <param name="forcePathStyle">Path-style bucket addressing.</param>
    /// <param name="credentials">Explicit credentials; the SDK's standard chain when null (always, in the service).</param>
    public static AmazonS3Client CreateS3(AwsOptions aws, bool forcePathStyle, AWSCredentials? credentials = null)
    {
        var config = new AmazonS3Config { ForcePathStyle = forcePathStyle };
        Apply(config, aws);
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    public static AmazonSQSClient CreateSqs(AwsOptions aws, AWSCredentials? credentials = null)
    {
        var config = new AmazonSQSConfig();
        Apply(config, aws);
        return credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(credentials, config);
    }

    private static void Apply(ClientConfig config, AwsOptions aws)
    {
        // One place decides how often a call is retried and logs/counts each retry: our resilience pipeline.
        config.MaxErrorRetry = 0;
        var region = string.IsNullOrWhiteSpace(aws.Region) ? Environment.GetEnvironmentVariable("AWS_REGION") : aws.Region;
        if (!string.IsNullOrWhiteSpace(aws.ServiceUrl))
        {
            config.ServiceURL = aws.ServiceUrl;
            config.AuthenticationRegion = string.IsNullOrWhiteSpace(region) ? "us-east-1" : region;
        }
        else if (!string.IsNullOrWhiteSpace(region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
    }
}
