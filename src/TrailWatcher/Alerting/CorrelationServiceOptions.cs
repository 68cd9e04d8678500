using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Alerting;

/// <summary>Correlations in the service (<c>TrailWatcher:Correlation</c>): how late an event may arrive and how many groups are kept.</summary>
internal sealed class CorrelationServiceOptions
{
    public const string Section = "TrailWatcher:Correlation";

    /// <summary>How far behind the newest eventTime seen a match may arrive and still count; CloudTrail usually delivers within 5 to 15 minutes.</summary>
    [Range(0, 7 * 24 * 60)]
    public int AllowedLatenessMinutes { get; set; } = 30;

    /// <summary>Groups kept in memory across all correlations; beyond it the stalest are dropped (counted and logged).</summary>
    [Range(1, 10_000_000)]
    public int MaxGroups { get; set; } = 100_000;
}
