using System.Collections.Concurrent;
using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using Polly;

namespace TrailWatcher.Sources.S3;

/// <summary>Finds a trail's log objects under a location by walking its folders: owners, accounts, regions, then only the days in range.</summary>
/// <remarks>
/// <c>[PREFIX/]AWSLogs/[o-ORG/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/</c>. Each level is listed with a delimiter, so a
/// bucket with years of logs costs a few calls per region before the objects of the wanted days are listed;
/// regions the user named are not listed at all. Digest, Insights and other folders beside <c>CloudTrail/</c> are never entered.
/// </remarks>
internal sealed class S3TrailLister
{
    private const int ParallelListings = 8;
    private readonly IAmazonS3 _s3;
    private readonly string? _expectedOwner;
    private readonly ResiliencePipeline _retry;

    public S3TrailLister(IAmazonS3 s3, S3Options options)
    {
        _s3 = s3;
        _expectedOwner = string.IsNullOrEmpty(options.ExpectedBucketOwner) ? null : options.ExpectedBucketOwner;
        _retry = S3Retries.Pipeline(options, maxDelay: TimeSpan.FromSeconds(30));
    }

    /// <summary>The <c>AWSLogs/</c> folder a location names or sits above.</summary>
    public static string AwsLogsRoot(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        const string folder = "AWSLogs/";
        var at = prefix.IndexOf(folder, StringComparison.Ordinal);
        if (at == 0 || (at > 0 && prefix[at - 1] == '/'))
        {
            return prefix[..(at + folder.Length)];
        }

        var parent = prefix.EndsWith("AWSLogs", StringComparison.Ordinal) ? prefix[..^"AWSLogs".Length] : prefix;
        parent = parent.TrimEnd('/');
        return parent.Length == 0 ? folder : $"{parent}/{folder}";
    }

    /// <summary>
    /// Where a listing of a location starts: its <c>AWSLogs/</c> folder (<see cref="AwsLogsRoot"/>), or the location itself
    /// when it lies deeper. Every log and digest lives below that folder, and a policy that allows listing only under it
    /// (deploy/iam) then accepts the location as users type it (<c>s3://bucket/prefix</c>).
    /// </summary>
    public static string ListingPrefix(string prefix)
    {
        var root = AwsLogsRoot(prefix);
        return prefix.Length > root.Length ? prefix : root;
    }

    /// <summary>The log objects (keys and sizes, in key order) under <paramref name="location"/> that <paramref name="filter"/> admits, and the keys passed over as not CloudTrail logs.</summary>
    public async Task<S3TrailListing> ListAsync(S3Location location, TrailScanFilter filter, CancellationToken cancellationToken)
    {
        var root = AwsLogsRoot(location.Prefix);
        var wanted = ListingPrefix(location.Prefix);
        bool Fits(string folder) => folder.StartsWith(wanted, StringComparison.Ordinal) || wanted.StartsWith(folder, StringComparison.Ordinal);

        var accounts = new List<string>();
        foreach (var owner in (await FoldersAsync(location.Bucket, root, cancellationToken).ConfigureAwait(false)).Where(Fits))
        {
            var name = Name(owner);
            if (IsAccount(name))
            {
                accounts.Add(owner);
            }
            else if (name.StartsWith("o-", StringComparison.Ordinal))
            {
                // The organisation layout: AWSLogs/o-ORG/ACCOUNT/CloudTrail/...
                accounts.AddRange((await FoldersAsync(location.Bucket, owner, cancellationToken).ConfigureAwait(false)).Where(f => IsAccount(Name(f)) && Fits(f)));
            }
        }

        var regions = new List<string>();
        foreach (var account in accounts.Where(a => filter.AdmitsAccount(Name(a))))
        {
            var trail = account + "CloudTrail/";
            regions.AddRange(filter.Regions.Count > 0
                ? filter.Regions.Select(r => $"{trail}{r}/")
                : await FoldersAsync(location.Bucket, trail, cancellationToken).ConfigureAwait(false));
        }

        var days = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(regions.Where(Fits), Options(cancellationToken), async (region, ct) =>
        {
            foreach (var day in await DaysAsync(location.Bucket, region, filter, Fits, ct).ConfigureAwait(false))
            {
                days.Add(day);
            }
        }).ConfigureAwait(false);

        var logs = new ConcurrentBag<S3Object>();
        var skipped = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(days, Options(cancellationToken), async (day, ct) =>
        {
            foreach (var item in await ObjectsAsync(location.Bucket, day.Length >= wanted.Length ? day : wanted, ct).ConfigureAwait(false))
            {
                if (!ScanInputs.IsLogFile(item.Key))
                {
                    skipped.Add(item.Key);
                }
                else if (filter.AdmitsKey(item.Key))
                {
                    logs.Add(item);
                }
            }
        }).ConfigureAwait(false);

        return new S3TrailListing(
            [.. logs.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => new S3TrailObject(o.Key, o.Size ?? 0))],
            [.. skipped.Order(StringComparer.Ordinal)]);
    }

    private async Task<IReadOnlyList<string>> DaysAsync(string bucket, string region, TrailScanFilter filter, Func<string, bool> fits, CancellationToken cancellationToken)
    {
        var days = new List<string>();
        foreach (var year in await FoldersAsync(bucket, region, cancellationToken).ConfigureAwait(false))
        {
            if (!fits(year) || Number(year, 4) is not { } y || y < 1 || !filter.AdmitsYear(y))
            {
                continue;
            }

            foreach (var month in await FoldersAsync(bucket, year, cancellationToken).ConfigureAwait(false))
            {
                if (!fits(month) || Number(month, 2) is not { } m || m is < 1 or > 12 || !filter.AdmitsMonth(y, m))
                {
                    continue;
                }

                foreach (var day in await FoldersAsync(bucket, month, cancellationToken).ConfigureAwait(false))
                {
                    if (fits(day) && Number(day, 2) is { } d && d >= 1 && d <= DateTime.DaysInMonth(y, m) && filter.AdmitsDay(new DateTime(y, m, d, 0, 0, 0, DateTimeKind.Utc)))
                    {
                        days.Add(day);
                    }
                }
            }
        }

        return days;
    }

    private async Task<IReadOnlyList<string>> FoldersAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var folders = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, Delimiter = "/", ExpectedBucketOwner = _expectedOwner };
        do
        {
            var page = await ListPageAsync(request, cancellationToken).ConfigureAwait(false);
            folders.AddRange(page.CommonPrefixes ?? []);
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);

        return folders;
    }

    private async Task<IReadOnlyList<S3Object>> ObjectsAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var objects = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ExpectedBucketOwner = _expectedOwner };
        do
        {
            var page = await ListPageAsync(request, cancellationToken).ConfigureAwait(false);
            objects.AddRange(page.S3Objects ?? []);
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);

        return objects;
    }

    private async Task<ListObjectsV2Response> ListPageAsync(ListObjectsV2Request request, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(async ct => await _s3.ListObjectsV2Async(request, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private static ParallelOptions Options(CancellationToken cancellationToken) => new() { MaxDegreeOfParallelism = ParallelListings, CancellationToken = cancellationToken };

    private static string Name(string folder) => folder.TrimEnd('/')[(folder.TrimEnd('/').LastIndexOf('/') + 1)..];

    private static bool IsAccount(string name) => name.Length == 12 && name.All(char.IsAsciiDigit);

    private static int? Number(string folder, int digits)
    {
        var name = Name(folder);
        return name.Length == digits && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
