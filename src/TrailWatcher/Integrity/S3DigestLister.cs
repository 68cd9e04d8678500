using Amazon.S3;
using Amazon.S3.Model;
using TrailWatcher.Detection.Integrity;
using TrailWatcher.Sources.S3;

namespace TrailWatcher.Integrity;

/// <summary>Lists the digest objects under a bucket prefix (standard and organization layouts, backfill digests too) that the user's filters admit.</summary>
internal static class S3DigestLister
{
    public static async Task<IReadOnlyList<DigestObjectKey>> ListAsync(IAmazonS3 s3, string bucket, string prefix, Func<DigestObjectKey, bool> admits, CancellationToken cancellationToken)
    {
        var found = new List<DigestObjectKey>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = S3TrailLister.ListingPrefix(prefix) };
        do
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            found.AddRange((page.S3Objects ?? [])
                .Select(o => DigestObjectKey.TryParse(o.Key))
                .OfType<DigestObjectKey>()
                .Where(admits));
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);

        return found;
    }
}
