using System.Diagnostics;
using System.IO.Compression;

namespace TrailWatcher.Benchmarks.Running;

/// <summary>Stage (a): gunzip every file into a discarding buffer on one thread, the floor any reader is compared to.</summary>
internal static class DecompressionBaseline
{
    public const string StageName = "a. gunzip only";

    public static StageResult Run(IReadOnlyList<string> files, long records, long expectedBytes)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        var watch = Stopwatch.StartNew();
        foreach (var path in files)
        {
            total += Drain(path, buffer);
        }

        watch.Stop();
        var note = total == expectedBytes ? null : $"decompressed {total:N0} bytes, manifest says {expectedBytes:N0}";
        return new StageResult(StageName, records, total, watch.Elapsed.TotalSeconds, note);
    }

    public static long Drain(string path, byte[] buffer)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        long total = 0;
        int read;
        while ((read = gzip.Read(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }
}
