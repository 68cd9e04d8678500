namespace TrailWatcher.Detection.Correlation;

/// <summary>The engine's totals since it started, for metrics and the scan summary.</summary>
/// <param name="Events">Matches of referenced rules handed in.</param>
/// <param name="Late">Of those, arrived behind the watermark: reported, not counted.</param>
/// <param name="Ungrouped">(event, correlation) pairs left out because the event had no value for a group-by field.</param>
/// <param name="Duplicates">The same event of the same rule handed in again while still held (a redelivered file): counted once.</param>
/// <param name="EvictedGroups">Groups dropped to stay under <see cref="CorrelationOptions.MaxGroups"/>.</param>
/// <param name="Matches">Correlation matches produced.</param>
/// <param name="Groups">Groups held now.</param>
public sealed record CorrelationStats(long Events, long Late, long Ungrouped, long Duplicates, long EvictedGroups, long Matches, int Groups);
