namespace TrailWatcher.Benchmarks.Latency;

/// <summary>One log file of the corpus: where it is on disk, its key in the bucket, and the planted events it must raise alerts for.</summary>
internal sealed record TrailFile(string Path, string Key, long Size, IReadOnlyList<string> ExpectedEventIds);
