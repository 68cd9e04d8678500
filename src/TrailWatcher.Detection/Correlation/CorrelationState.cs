namespace TrailWatcher.Detection.Correlation;

/// <summary>One correlation's groups in the engine, and the queue of groups by the watermark they next need to pass.</summary>
internal sealed class CorrelationState(CompiledCorrelation correlation)
{
    public CompiledCorrelation Correlation { get; } = correlation;

    public Dictionary<string, CorrelationGroup> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>Groups by wake time; an entry whose priority is no longer its group's <see cref="CorrelationGroup.WakeAt"/> is stale and skipped.</summary>
    public PriorityQueue<CorrelationGroup, long> Queue { get; } = new();
}
