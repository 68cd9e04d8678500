using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace TrailWatcher.Tests.Cli;

public sealed partial class ScanMemoryTests : IDisposable
{
    private const long UncompressedBytes = 400L * 1024 * 1024;
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-mem-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Scan_OneFileLargerThanTheMemoryLimit_StreamsItInBoundedMemory()
    {
        var path = Path.Combine(_dir, "big.json.gz");
        var records = WriteLargeLog(path, out var planted);

        var result = await TrailWatcherProcess.RunAsync(TimeSpan.FromMinutes(3), "scan", "--no-dedup", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(planted, result.AlertedEventIds);
        Assert.Contains($"{records:N0} records", result.StandardError, StringComparison.Ordinal);
        var peak = long.Parse(PeakMemory().Match(result.StandardError).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        // A reader that held the file would need more than the file itself (400 MB).
        Assert.InRange(peak, 1, 256);
    }

    private static long WriteLargeLog(string path, out IReadOnlyList<string> planted)
    {
        var background = Encoding.UTF8.GetBytes(SeedEvents.Background("bg").ToJsonString());
        var hits = new List<string>();
        long records = 0;
        long written = 0;
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write("""{"Records":["""u8);
        while (written < UncompressedBytes)
        {
            byte[] record;
            if (records % 100_000 == 50_000)
            {
                var id = $"hit-{records}";
                hits.Add(id);
                record = Encoding.UTF8.GetBytes(SeedEvents.LoggingDisabled(id).ToJsonString());
            }
            else
            {
                record = background;
            }

            if (records > 0)
            {
                gzip.Write(","u8);
            }

            gzip.Write(record);
            written += record.Length + 1;
            records++;
        }

        gzip.Write("]}"u8);
        planted = [.. hits.Order(StringComparer.Ordinal)];
        return records;
    }

    [GeneratedRegex(@"peak memory (\d+) MB")]
    private static partial Regex PeakMemory();
}
