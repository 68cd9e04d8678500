using System.Globalization;
using System.Text.RegularExpressions;
using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Sources.S3;

/// <summary>Which log objects of a trail a replay reads: delivered between two times (inclusive, each optional), of some accounts and regions (all when empty).</summary>
internal sealed partial record TrailScanFilter(DateTimeOffset? Since, DateTimeOffset? Until, IReadOnlyList<string> Accounts, IReadOnlyList<string> Regions)
{
    /// <summary>True for a digest of an admitted account and region whose end time is in range.</summary>
    public bool AdmitsDigest(DigestObjectKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return AdmitsAccount(key.AccountId)
            && (Regions.Count == 0 || Regions.Contains(key.Region, StringComparer.Ordinal))
            && (Since is null || key.EndTime >= Since)
            && (Until is null || key.EndTime <= Until);
    }

    public bool AdmitsAccount(string account) => Accounts.Count == 0 || Accounts.Contains(account, StringComparer.Ordinal);

    public bool AdmitsYear(int year) => Overlaps(new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddYears(1));

    public bool AdmitsMonth(int year, int month) => Overlaps(new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1));

    public bool AdmitsDay(DateTime day) => Overlaps(day, day.AddDays(1));

    /// <summary>True when the delivery time in the key's file name is in range; a name without one is judged by its day folder alone.</summary>
    public bool AdmitsKey(string key)
    {
        var match = DeliveryTime().Match(key);
        if (!match.Success
            || !DateTimeOffset.TryParseExact(match.Groups["time"].Value, "yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return true;
        }

        return (Since is null || time >= Since) && (Until is null || time <= Until);
    }

    private bool Overlaps(DateTime start, DateTime end) =>
        (Since is null || end > Since.Value.UtcDateTime) && (Until is null || start <= Until.Value.UtcDateTime);

    // ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json.gz: the minute CloudTrail delivered the file.
    [GeneratedRegex(@"_CloudTrail_[a-z0-9-]+_(?<time>\d{8}T\d{4}Z)_[^/]*$", RegexOptions.CultureInvariant)]
    private static partial Regex DeliveryTime();
}
