namespace TrailWatcher.Benchmarks.Generation;

/// <summary>Sizes and planted events of one written log file.</summary>
internal sealed record GeneratedFile(long UncompressedBytes, long CompressedBytes, IReadOnlyList<PlantedEvent> Planted);
