namespace TrailWatcher.Benchmarks.Latency;

/// <summary>Parameters of a <c>latency</c> run: the corpus, the flow, the executable and the bounds on every wait.</summary>
internal sealed record LatencyOptions
{
    public required string RepositoryRoot { get; init; }

    public required string CorpusDirectory { get; init; }

    public required string TrailWatcherPath { get; init; }

    /// <summary>Files sent in the steady flow, and again in the throughput burst.</summary>
    public int Files { get; init; } = 600;

    public int RecordsPerFile { get; init; } = 1_000;

    public int Seed { get; init; } = 42;

    /// <summary>Planted matches; 0 means twice the file count, which leaves about 86 % of the files with at least one.</summary>
    public int Matches { get; init; }

    /// <summary>Notifications per second in the steady flow.</summary>
    public double Rate { get; init; } = 20;

    /// <summary>Files sent and waited for before the measured flow, so connection set-up and first-use costs stay out of it.</summary>
    public int Warmup { get; init; } = 5;

    /// <summary>Whether to run the burst and the scan that give records/s and the ratio.</summary>
    public bool Throughput { get; init; } = true;

    /// <summary>Cores the worker and the scan are pinned to (taskset -c 0..N-1); 0 leaves both unpinned.</summary>
    public int Cores { get; init; }

    /// <summary>Extra worker settings as environment variables (TrailWatcher__Section__Key=value), applied last.</summary>
    public IReadOnlyDictionary<string, string> WorkerSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>How long the webhook receiver holds each answer: a sink's round trip across a network (loopback is about 0.1 ms).</summary>
    public TimeSpan SinkDelay { get; init; }

    /// <summary>Longest wait for the alerts and objects of one phase once its last notification is sent.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public int EffectiveMatches => Matches > 0 ? Matches : checked(Files * 2);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Files);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(RecordsPerFile);
        ArgumentOutOfRangeException.ThrowIfNegative(Matches);
        ArgumentOutOfRangeException.ThrowIfNegative(Warmup);
        ArgumentOutOfRangeException.ThrowIfNegative(Cores);
        if (Rate is <= 0 or > 1_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Rate), Rate, "The rate must be above 0 and at most 1,000 files/s.");
        }

        if (Warmup > Files)
        {
            throw new ArgumentOutOfRangeException(nameof(Warmup), Warmup, "Warm-up files are taken from the corpus: at most --files.");
        }

        if (!File.Exists(TrailWatcherPath))
        {
            throw new FileNotFoundException($"No TrailWatcher executable at {TrailWatcherPath}: run `bash scripts/publish.sh` or pass --trailwatcher.", TrailWatcherPath);
        }
    }
}
