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
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = ListingPrefix(prefix) };
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

    /// <summary>
    /// Where the listing starts: the <c>AWSLogs/</c> folder the location names or sits above (as <c>scan s3://</c>
    /// lists), or the location itself when it is deeper. Every digest lives below that folder, and a policy that allows
    /// listing only under it (deploy/iam) then accepts the location as users type it (<c>s3://bucket/prefix</c>).
    /// </summary>
    public static string ListingPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var root = S3TrailLister.AwsLogsRoot(prefix);
        return prefix.Length > root.Length ? prefix : root;
    }
}
