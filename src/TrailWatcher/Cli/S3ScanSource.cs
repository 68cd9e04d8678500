using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrailWatcher.Aws;
using TrailWatcher.Integrity;
using TrailWatcher.Sources.S3;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Cli;

/// <summary>The log objects of <c>scan s3://BUCKET/PREFIX</c>: listed by day folder, opened through the worker's <see cref="S3ObjectOpener"/> (retries, expected owner, allowed buckets).</summary>
internal static class S3ScanSource
{
    /// <summary>The objects to read; null (after saying why on <paramref name="error"/>) when the arguments, settings or listing fail.</summary>
    public static async Task<ScanSource?> OpenAsync(string location, TrailFilterArguments filterArguments, ILoggerFactory loggers, TrailWatcherMetrics metrics, TextWriter error, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var where = S3Location.TryParse(location);
        if (where is null)
        {
            problems.Add($"'{location}' is not s3://BUCKET or s3://BUCKET/PREFIX");
        }

        var filter = filterArguments.Parse(problems);
        var (settings, settingProblems) = TrailVerifySettings.Load();
        problems.AddRange(settingProblems);
        var allowed = BucketAllowList.From(settings.S3.AllowedBuckets);
        if (where is not null && !allowed.Overlaps(where.Bucket, where.Prefix))
        {
            problems.Add($"{location} is outside {S3Options.Section}:AllowedBuckets");
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            }

            return null;
        }

        var s3 = AwsClientFactory.CreateS3(settings.Aws, settings.S3.ForcePathStyle);
        try
        {
            var listing = await new S3TrailLister(s3, settings.S3).ListAsync(where!, filter, cancellationToken).ConfigureAwait(false);
            var opener = new S3ObjectOpener(s3, Options.Create(settings.S3), metrics, TimeProvider.System, loggers.CreateLogger<S3ObjectOpener>());
            var logger = loggers.CreateLogger("scan");
            var refused = listing.Logs.Where(o => !allowed.Allows(where!.Bucket, o.Key)).ToList();
            foreach (var key in listing.Skipped)
            {
                logger.LogDebug("s3://{Bucket}/{Key}: skipped, not a CloudTrail log file", where!.Bucket, key);
            }

            foreach (var item in refused)
            {
                logger.LogDebug("s3://{Bucket}/{Key}: skipped, outside {Setting}", where!.Bucket, item.Key, $"{S3Options.Section}:AllowedBuckets");
            }

            if (listing.Logs.Count == 0)
            {
                // An empty replay is most often a wrong prefix or range: say where we looked rather than report a clean scan.
                await error.WriteLineAsync($"error: no CloudTrail log files under s3://{where!.Bucket}/{S3TrailLister.AwsLogsRoot(where.Prefix)} for the time, accounts and regions given").ConfigureAwait(false);
            }

            var objects = listing.Logs.Where(o => allowed.Allows(where!.Bucket, o.Key)).Select(o => opener.Describe(new S3ObjectReference(where!.Bucket, o.Key))).ToList();
            return new ScanSource(objects, listing.Skipped.Count + refused.Count, listing.Logs.Count == 0 ? 1 : 0, s3);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException)
        {
            s3.Dispose();
            await error.WriteLineAsync($"error: cannot list {location}: {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
