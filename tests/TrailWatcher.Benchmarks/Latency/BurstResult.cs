namespace TrailWatcher.Benchmarks.Latency;

/// <summary>The burst: every notification at once, and how fast the one worker got through the files.</summary>
internal sealed record BurstResult
{
    public required int Files { get; init; }

    /// <summary>Records the worker counted (trailwatcher_records_read_total) during the burst.</summary>
    public required long Records { get; init; }

    /// <summary>From the first send to the poll that saw the last object finished, seconds.</summary>
    public required double Seconds { get; init; }

    /// <summary>Time taken just to put the notifications on the queue, seconds.</summary>
    public required double SendSeconds { get; init; }

    public required double RecordsPerSecond { get; init; }

    public required double FilesPerSecond { get; init; }

    public required int AlertsMissing { get; init; }

    /// <summary>CPU seconds the worker used during the burst.</summary>
    public double? WorkerCpuSeconds { get; init; }

    /// <summary>CPU seconds the emulator used during the burst, serving the objects and the queue.</summary>
    public double? EmulatorCpuSeconds { get; init; }

    /// <summary>CPU seconds the benchmark itself used (sending, receiving alerts, polling metrics).</summary>
    public double? BenchmarkCpuSeconds { get; init; }
}
