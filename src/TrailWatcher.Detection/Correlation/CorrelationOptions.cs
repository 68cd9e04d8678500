namespace TrailWatcher.Detection.Correlation;

/// <summary>How long the correlation engine waits for out-of-order events, and how much state it may hold.</summary>
public sealed class CorrelationOptions
{
    /// <summary>How far behind the newest eventTime seen an event may still arrive and count; older ones are reported as late.</summary>
    /// <remarks>CloudTrail delivers a file every ~5 minutes and events up to ~15 minutes after they happen; replicas add their own skew.</remarks>
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Groups held at once, over all correlations; past it the groups whose newest event is oldest are evicted (and counted).</summary>
    public int MaxGroups { get; init; } = 100_000;

    /// <summary>The contributing eventIDs a match lists; its count is always the full total.</summary>
    public int MaxEventIds { get; init; } = 100;
}
