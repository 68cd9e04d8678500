using System.Diagnostics;
using TrailWatcher.Benchmarks.Generation;

namespace TrailWatcher.Benchmarks.Running;

/// <summary>Prepares (or reuses) a corpus and measures every stage on the same files in one run.</summary>
internal static partial class BenchmarkRunner
{
    public static BenchmarkReport Run(RunOptions options, TextWriter progress)
    {
        var notes = new List<string>();
        var generation = new SyntheticTrailOptions
        {
            OutputDirectory = options.CorpusDirectory,
            TotalRecords = options.Records,
            RecordsPerFile = options.RecordsPerFile,
            Seed = options.Seed,
            Matches = options.Matches,
        };

        var manifest = SyntheticTrailManifest.TryLoad(options.CorpusDirectory);
        var reused = manifest is not null && manifest.HasSameParameters(generation);
        double? generationSeconds = null;
        if (!reused)
        {
            progress.WriteLine($"generating {options.Records:N0} records into {options.CorpusDirectory} ...");
            var watch = Stopwatch.StartNew();
            manifest = new SyntheticTrailGenerator(generation).Generate();
            generationSeconds = watch.Elapsed.TotalSeconds;
            progress.WriteLine($"generated in {generationSeconds:F2} s");
        }
        else
        {
            progress.WriteLine($"reusing the corpus in {options.CorpusDirectory}");
        }

        var logs = Path.Combine(options.CorpusDirectory, SyntheticTrailManifest.LogsFolder);
        var files = Directory.EnumerateFiles(logs, "*.json.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count != manifest!.Files)
        {
            throw new InvalidOperationException($"{logs} holds {files.Count} files, the manifest lists {manifest.Files}; delete the folder and run again.");
        }

        WarmUp(files);

        var stages = new List<StageResult>();
        // In-process stages are short enough for noise from neighbours to matter: keep the best of several passes.
        progress.WriteLine($"stage a: gunzip only (best of {options.Repeat}) ...");
        var baseline = Best(options.Repeat, () => DecompressionBaseline.Run(files, manifest.TotalRecords, manifest.UncompressedBytes))!;
        stages.Add(baseline with { RatioToBaseline = 1.0 });

        var reader = Best(options.Repeat, () =>
        {
            StageResult? pass = null;
            MeasureReader(files, manifest, progress, ref pass);
            return pass;
        });
        if (reader is null)
        {
            notes.Add("stage b (CloudTrailReader) is not compiled in: see the Compile Remove line in TrailWatcher.Benchmarks.csproj.");
        }
        else
        {
            stages.Add(reader with { RatioToBaseline = reader.Seconds / baseline.Seconds });
        }

        ScanOutcome? scan = null;
        if (options.TrailWatcherPath is { } exe && File.Exists(exe))
        {
            progress.WriteLine($"stage c: {exe} scan {logs} ...");
            var (result, outcome) = FullScanStage.Run(exe, logs, options.Cores, manifest);
            stages.Add(result with { RatioToBaseline = result.Seconds / baseline.Seconds });
            scan = outcome;
        }
        else
        {
            notes.Add($"stage c skipped: no TrailWatcher executable ({options.TrailWatcherPath ?? "none found"}); build it with `dotnet build -c Release src/TrailWatcher` or pass --trailwatcher.");
        }

        return new BenchmarkReport
        {
            CorpusDirectory = options.CorpusDirectory,
            CorpusReused = reused,
            Files = manifest.Files,
            Records = manifest.TotalRecords,
            CompressedBytes = manifest.CompressedBytes,
            UncompressedBytes = manifest.UncompressedBytes,
            AverageRecordBytes = manifest.AverageRecordBytes,
            GenerationSeconds = generationSeconds,
            Stages = stages,
            Scan = scan,
            Notes = notes,
        };
    }

    /// <summary>Stage (b), implemented in BenchmarkRunner.Reader.cs once the reader exists; without that file it is skipped.</summary>
    static partial void MeasureReader(IReadOnlyList<string> files, SyntheticTrailManifest manifest, TextWriter progress, ref StageResult? result);

    private static StageResult? Best(int repeat, Func<StageResult?> measure)
    {
        StageResult? best = null;
        for (var i = 0; i < Math.Max(1, repeat); i++)
        {
            var pass = measure();
            if (pass is null)
            {
                return null;
            }

            if (best is null || pass.Seconds < best.Seconds)
            {
                best = pass;
            }
        }

        return best;
    }

    private static void WarmUp(List<string> files)
    {
        // Every stage should find the files in the page cache, and the first one should not pay for JIT.
        foreach (var path in files)
        {
            _ = File.ReadAllBytes(path);
        }

        DecompressionBaseline.Drain(files[0], new byte[1 << 16]);
    }
}
