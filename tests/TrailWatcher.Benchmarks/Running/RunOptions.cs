namespace TrailWatcher.Benchmarks.Running;

/// <summary>Parameters of a <c>run</c>: which corpus, which executable, how many cores the scan may use.</summary>
internal sealed record RunOptions
{
    public required string CorpusDirectory { get; init; }

    public required int Records { get; init; }

    public int RecordsPerFile { get; init; } = 1_000;

    public int Seed { get; init; } = 42;

    public int Matches { get; init; } = 5;

    /// <summary>The TrailWatcher executable or .dll; null when none was found (the scan stage is skipped).</summary>
    public string? TrailWatcherPath { get; init; }

    /// <summary>Passes of each in-process stage; the fastest is reported.</summary>
    public int Repeat { get; init; } = 3;

    /// <summary>Cores the scan process is pinned to with taskset; 0 means one core, the figure the design quotes.</summary>
    public int Cores { get; init; }
}
