namespace TrailWatcher.Benchmarks.Running;

/// <summary>One measured stage: how much it processed and how long it took.</summary>
internal sealed record StageResult(string Stage, long Records, long UncompressedBytes, double Seconds, string? Note = null)
{
    public double RecordsPerSecond => Seconds > 0 ? Records / Seconds : 0;

    /// <summary>Uncompressed JSON throughput in decimal megabytes (10^6 bytes) per second.</summary>
    public double MegabytesPerSecond => Seconds > 0 ? UncompressedBytes / 1e6 / Seconds : 0;

    /// <summary>Seconds relative to the bare decompression baseline (1.0 = as fast as gunzip alone).</summary>
    public double? RatioToBaseline { get; init; }

    /// <summary>User plus system CPU seconds of a child process, when the kernel's accounting was available.</summary>
    public double? CpuSeconds { get; init; }

    /// <summary>For the pack scan: the median over passes of its CPU time divided by the seed scan's in the same pass.</summary>
    public double? CpuRatioToSeed { get; init; }

    /// <summary>Peak resident memory of a child process, in decimal megabytes.</summary>
    public double? PeakRssMegabytes { get; init; }
}
