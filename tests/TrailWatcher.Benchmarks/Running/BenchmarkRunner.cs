using System.Diagnostics;
using TrailWatcher.Benchmarks.Generation;

namespace TrailWatcher.Benchmarks.Running;

/// <summary>Prepares (or reuses) a corpus and measures every stage on the same files in one run.</summary>
internal static partial class BenchmarkRunner
{
    public const string SeedStage = "c1. scan, seed rule";
    public const string PackStage = "c2. scan, pack";
    public const string EverythingStage = "c3. scan, all rules";
    public const string PackTwoCoresStage = "c4. scan, pack, 2 cores";

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
        if (reader is not null)
        {
            stages.Add(reader with { RatioToBaseline = reader.Seconds / baseline.Seconds });
        }

        var scans = new List<ScanOutcome>();
        GoalResult? parsedShare = null;
        if (options.TrailWatcherPath is { } exe && File.Exists(exe))
        {
            var seedBuild = SeedOnlyBuild.Create(exe, options.CorpusDirectory + "-seed-build");
            var variants = new List<(ScanVariant Variant, string Executable)>
            {
                (new ScanVariant(SeedStage, ScanRules.Seed, 1), seedBuild),
                (new ScanVariant(PackStage, ScanRules.Pack, 1), exe),
                (new ScanVariant(EverythingStage, ScanRules.Everything, 1), exe),
            };
            if (Environment.ProcessorCount >= 2)
            {
                variants.Add((new ScanVariant(PackTwoCoresStage, ScanRules.Pack, 2), exe));
            }

            // One pass of every variant, then the next: a neighbour's burst of activity spreads over all of them
            // instead of landing on one, and each stage reports its median pass.
            var passes = variants.Select(_ => new List<(StageResult Result, ScanOutcome Outcome)>()).ToList();
            for (var pass = 0; pass < Math.Max(1, options.Repeat); pass++)
            {
                for (var v = 0; v < variants.Count; v++)
                {
                    var (variant, executable) = variants[v];
                    progress.WriteLine($"stage {variant.Stage} (pass {pass + 1}): {executable} scan {logs} ...");
                    passes[v].Add(FullScanStage.Run(executable, logs, variant, manifest));
                }
            }

            // The seed and the pack run back to back in every pass: the ratio taken pass by pass cancels a drift of the
            // machine's speed over the run, which two medians taken apart do not.
            var packToSeed = PairedCpuRatio(passes[variants.FindIndex(x => x.Variant.Stage == SeedStage)], passes[variants.FindIndex(x => x.Variant.Stage == PackStage)]);
            for (var v = 0; v < passes.Count; v++)
            {
                var runs = passes[v];
                var (result, outcome) = Median(runs);
                stages.Add(result with
                {
                    RatioToBaseline = result.Seconds / baseline.Seconds,
                    Note = $"median of {runs.Count}, {result.Note}",
                    CpuRatioToSeed = variants[v].Variant.Stage == PackStage ? packToSeed : null,
                });
                // Every pass must alert exactly on the planted events, not only the median one.
                scans.Add(runs.Select(r => r.Outcome).FirstOrDefault(o => !o.ExactlyPlantedAlerted) ?? outcome);
            }

            progress.WriteLine("parsed share: the pack's index and guards over the corpus ...");
            parsedShare = ParsedShareStage.Measure(files, exe);
            progress.WriteLine($"stage {EmptyScanStage.StageName} ...");
            stages.Add(EmptyScanStage.Run(exe, options.CorpusDirectory + "-empty"));
            if (options.Memory)
            {
                stages.AddRange(MemoryStages.Run(options, exe, progress));
            }
        }
        else
        {
            notes.Add($"the scan stages were skipped: no TrailWatcher executable ({options.TrailWatcherPath ?? "none found"}); publish it with `bash scripts/publish.sh` or pass --trailwatcher.");
        }

        if (options.Peers)
        {
            progress.WriteLine($"stage {PeerStages.JqStage} ...");
            if (PeerStages.Jq(logs, manifest) is { } jq)
            {
                stages.Add(jq with { RatioToBaseline = jq.Seconds / baseline.Seconds });
            }
            else
            {
                notes.Add("zcat | jq was skipped: jq is not installed.");
            }

            progress.WriteLine($"stage {PeerStages.DomStage} ...");
            var dom = PeerStages.Dom(files, manifest);
            stages.Add(dom with { RatioToBaseline = dom.Seconds / baseline.Seconds });
        }

        return new BenchmarkReport
        {
            CorpusDirectory = options.CorpusDirectory,
            CorpusReused = reused,
            Machine = MachineDescription.Read(),
            Files = manifest.Files,
            Records = manifest.TotalRecords,
            CompressedBytes = manifest.CompressedBytes,
            UncompressedBytes = manifest.UncompressedBytes,
            AverageRecordBytes = manifest.AverageRecordBytes,
            GenerationSeconds = generationSeconds,
            Stages = stages,
            Scans = scans,
            Goals = [.. GoalSummary.Build(stages, scans).Concat(parsedShare is null ? [] : [parsedShare]).OrderBy(g => g.Goal)],
            Notes = notes,
        };
    }

    /// <summary>Stage (b): decompression plus the reader; see BenchmarkRunner.Reader.cs.</summary>
    static partial void MeasureReader(IReadOnlyList<string> files, SyntheticTrailManifest manifest, TextWriter progress, ref StageResult? result);

    /// <summary>The pass with the median wall time (the upper one of an even count).</summary>
    internal static (StageResult Result, ScanOutcome Outcome) Median(IReadOnlyList<(StageResult Result, ScanOutcome Outcome)> runs) =>
        runs.OrderBy(r => r.Result.Seconds).ElementAt(runs.Count / 2);

    /// <summary>The median over passes of <paramref name="pack"/>'s CPU seconds divided by <paramref name="seed"/>'s in the same pass; null without CPU figures.</summary>
    internal static double? PairedCpuRatio(
        IReadOnlyList<(StageResult Result, ScanOutcome Outcome)> seed, IReadOnlyList<(StageResult Result, ScanOutcome Outcome)> pack)
    {
        var ratios = seed.Zip(pack)
            .Where(p => p.First.Result.CpuSeconds is > 0 && p.Second.Result.CpuSeconds is not null)
            .Select(p => p.Second.Result.CpuSeconds!.Value / p.First.Result.CpuSeconds!.Value)
            .Order()
            .ToList();
        return ratios.Count == 0 ? null : ratios[ratios.Count / 2];
    }

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
