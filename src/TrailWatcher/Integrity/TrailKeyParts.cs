using System.Globalization;
using System.Text.RegularExpressions;

namespace TrailWatcher.Integrity;

/// <summary>What a trail object's key (or a path of its local copy) tells: account and region, and for a log file the minute it was delivered.</summary>
internal sealed partial record TrailKeyParts(string AccountId, string Region, DateTimeOffset? Delivered)
{
    /// <summary>The parts of a key or path under <c>AWSLogs/</c> (log or digest); null for anything else.</summary>
    public static TrailKeyParts? TryParse(string keyOrPath)
    {
        ArgumentNullException.ThrowIfNull(keyOrPath);
        var match = Pattern().Match(keyOrPath.Replace('\\', '/'));
        if (!match.Success)
        {
            return null;
        }

        DateTimeOffset? delivered = DateTimeOffset.TryParseExact(match.Groups["time"].Value, "yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
        return new TrailKeyParts(match.Groups["account"].Value, match.Groups["region"].Value, delivered);
    }

    [GeneratedRegex(@"(?:^|/)AWSLogs/(?:o-[a-z0-9]+/)?(?<account>\d{12})/CloudTrail(?<digest>-Digest)?/(?<region>[a-z0-9-]+)/(?:\d{4}/\d{2}/\d{2}/(?:\d{12}_CloudTrail_[a-z0-9-]+_(?<time>\d{8}T\d{4}Z)_)?)?", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
