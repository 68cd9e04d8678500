using System.Globalization;
using System.Text.RegularExpressions;

namespace TrailWatcher.Detection.Integrity;

/// <summary>What a digest's object key tells before the object is read: account, region, trail, end time, backfill or not.</summary>
/// <remarks>
/// <c>[prefix/]AWSLogs/[o-org/]ACCOUNT/CloudTrail-Digest/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail-Digest_REGION_TRAIL_HOMEREGION_YYYYMMDDTHHMMSSZ[_backfill].json.gz</c>.
/// </remarks>
public sealed partial record DigestObjectKey(string Key, string? OrganizationId, string AccountId, string Region, string Trail, DateTimeOffset EndTime, bool Backfill)
{
    /// <summary>The digests of one trail in one region (and account) form one chain.</summary>
    public string ChainId => $"{OrganizationId}/{AccountId}/{Region}/{Trail}";

    /// <summary>Parses <paramref name="key"/>; null when it is not a digest key (a log file, or anything else).</summary>
    public static DigestObjectKey? TryParse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var path = PathPattern().Match(key);
        if (!path.Success)
        {
            return null;
        }

        var file = FilePattern().Match(path.Groups["file"].Value);
        if (!file.Success
            || file.Groups["account"].Value != path.Groups["account"].Value
            || file.Groups["region"].Value != path.Groups["region"].Value
            || !DateTimeOffset.TryParseExact(file.Groups["end"].Value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var end))
        {
            return null;
        }

        return new DigestObjectKey(
            key,
            path.Groups["org"].Success ? path.Groups["org"].Value : null,
            path.Groups["account"].Value,
            path.Groups["region"].Value,
            // Trail names may hold underscores; the home region after the last one is part of the trail's identity.
            file.Groups["trail"].Value,
            end,
            file.Groups["backfill"].Success);
    }

    [GeneratedRegex(@"(?:^|/)AWSLogs/(?:(?<org>o-[a-z0-9]+)/)?(?<account>\d{12})/CloudTrail-Digest/(?<region>[a-z0-9-]+)/\d{4}/\d{2}/\d{2}/(?<file>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"^(?<account>\d{12})_CloudTrail-Digest_(?<region>[a-z0-9-]+)_(?<trail>.+_[a-z0-9-]+)_(?<end>\d{8}T\d{6}Z)(?<backfill>_backfill)?\.json\.gz$", RegexOptions.CultureInvariant)]
    private static partial Regex FilePattern();
}
