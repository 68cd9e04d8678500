namespace TrailWatcher.Alerting;

/// <summary>Orders CloudTrail eventTime texts, which share one ISO 8601 UTC format and so sort as plain text.</summary>
internal static class EventTimes
{
    public static string? Earlier(string? a, string? b) => a is null ? b : b is null ? a : string.CompareOrdinal(a, b) <= 0 ? a : b;

    public static string? Later(string? a, string? b) => a is null ? b : b is null ? a : string.CompareOrdinal(a, b) >= 0 ? a : b;
}
