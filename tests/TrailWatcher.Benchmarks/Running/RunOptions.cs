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

    /// <summary>Also measure peak memory on a 1 GB file and with 10,000 open groups, and two cores on that file.</summary>
    public bool Memory { get; init; }

    /// <summary>Also time <c>zcat | jq</c> and a JsonDocument-per-record evaluator of the seed rule on the corpus.</summary>
    public bool Peers { get; init; } = true;
}
