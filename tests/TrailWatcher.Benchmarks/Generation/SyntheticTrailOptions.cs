using System.IO.Compression;

namespace TrailWatcher.Benchmarks.Generation;

/// <summary>What to generate: size, layout, seed and how many rule matches to plant.</summary>
internal sealed record SyntheticTrailOptions
{
    /// <summary>Bumped whenever the output for a given seed changes, so a cached corpus is not reused by mistake.</summary>
    public const int GeneratorVersion = 2;

    public required string OutputDirectory { get; init; }

    public int TotalRecords { get; init; } = 400_000;

    public int RecordsPerFile { get; init; } = 1_000;

    public int Seed { get; init; } = 42;

    /// <summary>True matches of AWS.S3.DisableBucketLogging to plant; as many decoys of each kind are planted beside them.</summary>
    public int Matches { get; init; } = 5;

    // Optimal (zlib level 6) is what CloudTrail's own objects look like; the decompression cost depends on it.
    public CompressionLevel Compression { get; init; } = CompressionLevel.Optimal;

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(OutputDirectory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TotalRecords);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(RecordsPerFile);
        ArgumentOutOfRangeException.ThrowIfNegative(Matches);
        if (Matches * 3L > TotalRecords / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Matches), Matches, "Too many planted events for the number of records.");
        }
    }
}
