using System.Diagnostics;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Benchmarks.Generation;

namespace TrailWatcher.Benchmarks.Running;

/// <summary>Stage (b): decompression plus the streaming CloudTrailReader, one thread, every record visited.</summary>
internal static partial class BenchmarkRunner
{
    public const string ReaderStageName = "b. gunzip + reader";

    static partial void MeasureReader(IReadOnlyList<string> files, SyntheticTrailManifest manifest, TextWriter progress, ref StageResult? result)
    {
        progress.WriteLine("stage b: gunzip + CloudTrailReader (one pass) ...");
        // Warm the reader's code paths so the timed pass does not include JIT.
        Count(files[0], out _, out _);

        long records = 0;
        long jsonBytes = 0;
        long putBucketLogging = 0;
        var watch = Stopwatch.StartNew();
        foreach (var path in files)
        {
            records += Count(path, out var bytes, out var planted);
            jsonBytes += bytes;
            putBucketLogging += planted;
        }

        watch.Stop();
        var note = records != manifest.TotalRecords
            ? $"read {records:N0} records, manifest says {manifest.TotalRecords:N0}"
            : putBucketLogging != manifest.Planted.Count
                ? $"saw {putBucketLogging} PutBucketLogging records, {manifest.Planted.Count} were planted"
                : null;
        result = new StageResult(ReaderStageName, records, manifest.UncompressedBytes, watch.Elapsed.TotalSeconds, note);
    }

    private static long Count(string path, out long jsonBytes, out long putBucketLogging)
    {
        jsonBytes = 0;
        putBucketLogging = 0;
        long records = 0;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var json = LogStreams.OpenDecompressed(file);
        // If CloudTrailReader turns out to be IDisposable, wrap it in a using.
        var reader = new CloudTrailReader(json, path);
        while (reader.Read())
        {
            var record = reader.Current;
            records++;
            jsonBytes += record.Json.Length;
            if (record.EventName.Span.SequenceEqual("PutBucketLogging"u8))
            {
                putBucketLogging++;
            }
        }

        return records;
    }
}
