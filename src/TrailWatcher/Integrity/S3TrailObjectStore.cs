using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Polly;
using TrailWatcher.Detection.Integrity;
using TrailWatcher.Sources.S3;

namespace TrailWatcher.Integrity;

/// <summary>Reads digests (with their <c>x-amz-meta-signature</c>) and log files from S3 for the <see cref="TrailVerifier"/>.</summary>
/// <remarks>GetObject is retried on throttling, 5xx and network faults, as the worker's reads are; a missing object is not a fault but a finding.</remarks>
internal sealed class S3TrailObjectStore : ITrailObjectStore
{
    private readonly IAmazonS3 _s3;
    private readonly string? _expectedOwner;
    private readonly ResiliencePipeline _retry;

    public S3TrailObjectStore(IAmazonS3 s3, S3Options options)
    {
        _s3 = s3;
        _expectedOwner = string.IsNullOrEmpty(options.ExpectedBucketOwner) ? null : options.ExpectedBucketOwner;
        _retry = S3Retries.Pipeline(options, maxDelay: null);
    }

    public async Task<StoredObject?> OpenAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest { BucketName = bucket, Key = key, ExpectedBucketOwner = _expectedOwner };
        try
        {
            var response = await _retry.ExecuteAsync(async ct => await _s3.GetObjectAsync(request, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            // The SDK keeps user metadata under its full header name; the indexer adds the x-amz-meta- prefix itself.
            var signature = response.Metadata?.Keys.Contains("x-amz-meta-signature") == true ? response.Metadata["x-amz-meta-signature"] : null;
            return new StoredObject(response.ResponseStream, signature);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception ex)
        {
            throw new IOException($"s3://{bucket}/{key}: {ex.ErrorCode ?? ex.StatusCode.ToString()} ({ex.Message})", ex);
        }
    }
}
