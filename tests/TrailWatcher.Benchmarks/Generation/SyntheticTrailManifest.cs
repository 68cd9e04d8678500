using System.Text.Json;

namespace TrailWatcher.Benchmarks.Generation;

/// <summary>What a generation run wrote: its parameters, its totals and the planted events tests assert on.</summary>
internal sealed record SyntheticTrailManifest
{
    public const string FileName = "manifest.json";

    /// <summary>Logs live under this sub-folder so that a scan of it never sees the manifest.</summary>
    public const string LogsFolder = "AWSLogs";

    public const string RuleId = "AWS.S3.DisableBucketLogging";

    public required int GeneratorVersion { get; init; }

    public required int Seed { get; init; }

    public required int TotalRecords { get; init; }

    public required int RecordsPerFile { get; init; }

    public required int Matches { get; init; }

    public required string Compression { get; init; }

    public required int Files { get; init; }

    public required long CompressedBytes { get; init; }

    public required long UncompressedBytes { get; init; }

    public required double AverageRecordBytes { get; init; }

    /// <summary>eventIDs the rule must alert on, exactly these and no others.</summary>
    public required IReadOnlyList<string> ExpectedAlertEventIds { get; init; }

    public required IReadOnlyList<PlantedEvent> Planted { get; init; }

    public bool HasSameParameters(SyntheticTrailOptions options) =>
        GeneratorVersion == SyntheticTrailOptions.GeneratorVersion
        && Seed == options.Seed
        && TotalRecords == options.TotalRecords
        && RecordsPerFile == options.RecordsPerFile
        && Matches == options.Matches
        && Compression == options.Compression.ToString();

    public static SyntheticTrailManifest? TryLoad(string outputDirectory)
    {
        var path = Path.Combine(outputDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, BenchJsonContext.Default.SyntheticTrailManifest);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(string outputDirectory)
    {
        var path = Path.Combine(outputDirectory, FileName);
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, this, BenchJsonContext.Default.SyntheticTrailManifest);
    }
}
