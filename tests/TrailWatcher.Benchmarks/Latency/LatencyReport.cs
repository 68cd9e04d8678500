namespace TrailWatcher.Benchmarks.Latency;

/// <summary>Everything a latency run measured, with the goals it is judged by; printed as a table or as JSON.</summary>
internal sealed record LatencyReport
{
    /// <summary>The goal for the steady flow's p99, ms.</summary>
    public const double P99GoalMs = 1_000;

    /// <summary>The goal for worker records/s over scan records/s.</summary>
    public const double RatioGoal = 0.5;

    public required MachineInfo Machine { get; init; }

    public required string TrailWatcher { get; init; }

    public required string Pinning { get; init; }

    public required string CorpusDirectory { get; init; }

    public required bool CorpusReused { get; init; }

    public required int RecordsPerFile { get; init; }

    public required long CompressedBytes { get; init; }

    /// <summary>Worker settings the benchmark set (environment variables), its own and those passed with --setting.</summary>
    public required IReadOnlyDictionary<string, string> WorkerSettings { get; init; }

    public required int WarmupFiles { get; init; }

    /// <summary>Milliseconds the webhook receiver held each answer (--sink-delay).</summary>
    public double SinkDelayMs { get; init; }

    public required FlowResult Flow { get; init; }

    public BurstResult? Burst { get; init; }

    public ScanResult? Scan { get; init; }

    /// <summary>The same scan reading the bucket on the emulator: splits the gap into reading from S3 and the rest of the worker.</summary>
    public ScanResult? ScanFromS3 { get; init; }

    /// <summary>Worker records/s in the burst divided by scan records/s; null without the throughput phase.</summary>
    public double? Ratio => Burst is not null && Scan is not null ? Burst.RecordsPerSecond / Scan.RecordsPerSecond : null;

    public bool AlertsComplete => Flow.AlertsMissing == 0 && (Burst?.AlertsMissing ?? 0) == 0;

    public bool P99Met => Flow.Latency.Samples > 0 && Flow.Latency.P99 < P99GoalMs;

    public bool? RatioMet => Ratio is { } ratio ? ratio >= RatioGoal : null;

    public IReadOnlyList<string> Notes { get; init; } = [];
}
