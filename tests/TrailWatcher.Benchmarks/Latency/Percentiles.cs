namespace TrailWatcher.Benchmarks.Latency;

/// <summary>Nearest-rank percentiles of a sample, the definition that never reports a value nobody measured.</summary>
internal static class Percentiles
{
    /// <summary>The smallest sample with at least <paramref name="percent"/> % of the samples at or below it; NaN for no samples.</summary>
    /// <param name="sorted">Samples in ascending order.</param>
    /// <param name="percent">0 (exclusive) to 100 (inclusive).</param>
    public static double NearestRank(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        // The rank is rounded up: with 100 samples p99 is the 99th, with 50 it is the 50th (the maximum).
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>p50, p90, p99, max and mean of unsorted samples, in the samples' unit.</summary>
    public static LatencySummary Summarise(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToList();
        return new LatencySummary
        {
            Samples = sorted.Count,
            P50 = NearestRank(sorted, 50),
            P90 = NearestRank(sorted, 90),
            P99 = NearestRank(sorted, 99),
            Max = sorted.Count == 0 ? double.NaN : sorted[^1],
            Mean = sorted.Count == 0 ? double.NaN : sorted.Average(),
        };
    }
}
