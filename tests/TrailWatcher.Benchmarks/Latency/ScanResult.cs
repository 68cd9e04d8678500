namespace TrailWatcher.Benchmarks.Latency;

/// <summary>`TrailWatcher scan` over the same files from local disk: the throughput the worker is compared with.</summary>
internal sealed record ScanResult
{
    public required string Command { get; init; }

    public required int ExitCode { get; init; }

    public required long Records { get; init; }

    /// <summary>Spawn to exit, process start and rule loading included, seconds.</summary>
    public required double Seconds { get; init; }

    public required double RecordsPerSecond { get; init; }

    /// <summary>Alert lines naming the planted rule; equal to the planted matches when the scan is right.</summary>
    public required int RuleAlerts { get; init; }

    /// <summary>CPU seconds the scan used, user and system.</summary>
    public double? CpuSeconds { get; init; }
}
