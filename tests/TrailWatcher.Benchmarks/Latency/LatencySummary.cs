namespace TrailWatcher.Benchmarks.Latency;

/// <summary>Distribution of the notification-to-alert latencies of one flow, in milliseconds.</summary>
internal sealed record LatencySummary
{
    public required int Samples { get; init; }

    public required double P50 { get; init; }

    public required double P90 { get; init; }

    public required double P99 { get; init; }

    public required double Max { get; init; }

    public required double Mean { get; init; }
}
