namespace TrailWatcher.Benchmarks.Running;

/// <summary>Everything one <c>run</c> measured, for the table or for <c>--json</c>.</summary>
internal sealed record BenchmarkReport
{
    public required string CorpusDirectory { get; init; }

    public required bool CorpusReused { get; init; }

    /// <summary>CPU model, cores, memory and OS of the machine the figures come from.</summary>
    public required string Machine { get; init; }

    public required int Files { get; init; }

    public required long Records { get; init; }

    public required long CompressedBytes { get; init; }

    public required long UncompressedBytes { get; init; }

    public required double AverageRecordBytes { get; init; }

    public double? GenerationSeconds { get; init; }

    public required IReadOnlyList<StageResult> Stages { get; init; }

    /// <summary>Each scan stage's alerts, checked against the planted events.</summary>
    public required IReadOnlyList<ScanOutcome> Scans { get; init; }

    public required IReadOnlyList<GoalResult> Goals { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }
}
