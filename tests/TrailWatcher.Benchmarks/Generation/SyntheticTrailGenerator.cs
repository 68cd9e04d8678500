using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TrailWatcher.Benchmarks.Generation;

/// <summary>Writes a seeded, realistic CloudTrail corpus in trail-bucket layout plus a manifest of the planted rule matches.</summary>
/// <remarks>
/// Every file draws from its own <see cref="Random"/>, seeded from the run seed and the file index, so files can be
/// written in parallel and the same seed still gives byte-identical output.
/// </remarks>
internal sealed class SyntheticTrailGenerator(SyntheticTrailOptions options)
{
    private const int AccountCount = 3;
    private static readonly string[] Regions = ["us-east-1", "eu-west-1", "us-west-2"];
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private static readonly DateTime Start = new(2025, 3, 14, 0, 0, 0, DateTimeKind.Utc);

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // CloudTrail does not escape '+', '<' or '&'; the default encoder would.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public SyntheticTrailManifest Generate()
    {
        options.Validate();
        var root = Path.GetFullPath(options.OutputDirectory);
        PrepareOutput(root);

        var master = new Random(options.Seed);
        var accounts = Enumerable.Range(0, AccountCount).Select(_ => AccountProfile.Create(master)).ToArray();
        var fileCount = (int)((options.TotalRecords + (long)options.RecordsPerFile - 1) / options.RecordsPerFile);
        var plan = PlanPlants(master, fileCount);

        var results = new GeneratedFile[fileCount];
        Parallel.For(
            0,
            fileCount,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new ArrayBufferWriter<byte>(options.RecordsPerFile * 1_400),
            (index, _, buffer) =>
            {
                results[index] = WriteFile(root, index, accounts, plan.GetValueOrDefault(index), buffer);
                return buffer;
            },
            _ => { });

        var planted = results.SelectMany(r => r.Planted).ToList();
        var uncompressed = results.Sum(r => r.UncompressedBytes);
        var manifest = new SyntheticTrailManifest
        {
            GeneratorVersion = SyntheticTrailOptions.GeneratorVersion,
            Seed = options.Seed,
            TotalRecords = options.TotalRecords,
            RecordsPerFile = options.RecordsPerFile,
            Matches = options.Matches,
            Compression = options.Compression.ToString(),
            Files = fileCount,
            CompressedBytes = results.Sum(r => r.CompressedBytes),
            UncompressedBytes = uncompressed,
            AverageRecordBytes = Math.Round((double)uncompressed / options.TotalRecords, 1),
            ExpectedAlertEventIds = [.. planted.Where(p => p.Kind == PlantKind.LoggingDisabled).Select(p => p.EventId)],
            Planted = planted,
        };
        // Written last: a corpus without a manifest is incomplete and never reused.
        manifest.Save(root);
        return manifest;
    }

    private static void PrepareOutput(string root)
    {
        Directory.CreateDirectory(root);
        var manifestPath = Path.Combine(root, SyntheticTrailManifest.FileName);
        var logs = Path.Combine(root, SyntheticTrailManifest.LogsFolder);
        if (Directory.Exists(logs))
        {
            // Only a folder this generator wrote (it has our manifest) is ours to clear.
            if (!File.Exists(manifestPath))
            {
                throw new IOException($"{logs} exists but {manifestPath} does not; refusing to overwrite a folder this tool did not write.");
            }

            Directory.Delete(logs, recursive: true);
        }

        File.Delete(manifestPath);
    }

    private Dictionary<int, List<(int Position, PlantKind Kind)>> PlanPlants(Random master, int fileCount)
    {
        var plan = new Dictionary<int, List<(int, PlantKind)>>();
        var taken = new HashSet<long>();
        var kinds = new[] { PlantKind.LoggingDisabled, PlantKind.LoggingEnabledDecoy, PlantKind.AccessDeniedDecoy };
        foreach (var kind in kinds)
        {
            for (var i = 0; i < options.Matches; i++)
            {
                long slot;
                do
                {
                    slot = master.NextInt64(options.TotalRecords);
                }
                while (!taken.Add(slot));

                var file = (int)(slot / options.RecordsPerFile);
                if (!plan.TryGetValue(file, out var list))
                {
                    plan[file] = list = [];
                }

                list.Add(((int)(slot % options.RecordsPerFile), kind));
            }
        }

        return plan;
    }

    private GeneratedFile WriteFile(string root, int index, AccountProfile[] accounts, List<(int Position, PlantKind Kind)>? plants, ArrayBufferWriter<byte> buffer)
    {
        var rng = new Random(FileSeed(options.Seed, index));
        var combos = accounts.Length * Regions.Length;
        var account = accounts[index % combos / Regions.Length];
        var region = Regions[index % Regions.Length];
        var windowEnd = Start + (Window * ((index / combos) + 1));
        var count = (int)Math.Min(options.RecordsPerFile, options.TotalRecords - ((long)index * options.RecordsPerFile));

        // Sorted offsets inside the five-minute window: CloudTrail files are ordered by eventTime.
        var offsets = new int[count];
        for (var i = 0; i < count; i++)
        {
            offsets[i] = rng.Next((int)Window.TotalSeconds);
        }

        Array.Sort(offsets);
        var windowStart = windowEnd - Window;

        var name = string.Create(CultureInfo.InvariantCulture, $"{account.Id}_CloudTrail_{region}_{windowEnd:yyyyMMdd'T'HHmm'Z'}_{TrailRandom.Alphanumeric(rng, 16)}.json.gz");
        var relative = Path.Combine(SyntheticTrailManifest.LogsFolder, account.Id, "CloudTrail", region,
            windowEnd.ToString("yyyy", CultureInfo.InvariantCulture), windowEnd.ToString("MM", CultureInfo.InvariantCulture), windowEnd.ToString("dd", CultureInfo.InvariantCulture), name);

        buffer.ResetWrittenCount();
        var planted = new List<PlantedEvent>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            var records = new TrailRecordWriter(json, rng, account, region);
            json.WriteStartObject();
            json.WriteStartArray("Records"u8);
            for (var i = 0; i < count; i++)
            {
                var time = windowStart.AddSeconds(offsets[i]);
                var plant = PlantAt(plants, i);
                if (plant == PlantKind.None)
                {
                    records.WriteBackground(time);
                }
                else
                {
                    planted.Add(new PlantedEvent(records.WritePlanted(time, plant), plant, relative.Replace('\\', '/'), i));
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using (var gzip = new GZipStream(file, options.Compression, leaveOpen: true))
            {
                gzip.Write(buffer.WrittenSpan);
            }

            return new GeneratedFile(buffer.WrittenCount, file.Length, [.. planted.OrderBy(p => p.Position)]);
        }
    }

    private static PlantKind PlantAt(List<(int Position, PlantKind Kind)>? plants, int position)
    {
        if (plants is null)
        {
            return PlantKind.None;
        }

        foreach (var (at, kind) in plants)
        {
            if (at == position)
            {
                return kind;
            }
        }

        return PlantKind.None;
    }

    private static int FileSeed(int seed, int index)
    {
        // SplitMix64 finaliser: neighbouring file indexes get unrelated streams.
        var z = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }
}
