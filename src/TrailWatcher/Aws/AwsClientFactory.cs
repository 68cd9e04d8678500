using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;

namespace TrailWatcher.Aws;

/// <summary>Builds the S3 and SQS clients from <see cref="AwsOptions"/>, leaving retries to our own Polly pipelines.</summary>
internal static class AwsClientFactory
{
    public static AmazonS3Client CreateS3(AwsOptions aws, bool forcePathStyle)
    {
        var config = new AmazonS3Config { ForcePathStyle = forcePathStyle };
        Apply(config, aws);
        return new AmazonS3Client(config);
    }

    public static AmazonSQSClient CreateSqs(AwsOptions aws)
    {
        var config = new AmazonSQSConfig();
        Apply(config, aws);
        return new AmazonSQSClient(config);
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
