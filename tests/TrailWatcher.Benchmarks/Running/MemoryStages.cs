using System.Globalization;
using TrailWatcher.Benchmarks.Generation;

namespace TrailWatcher.Benchmarks.Running;

/// <summary>Peak memory on one 1 GB log file and with 10,000 open dedup and correlation groups, and one core against two on the large file.</summary>
internal static class MemoryStages
{
    public const string LargeEverything = "m1. 1 GB file, all rules";
    public const string LargePackOneCore = "m2. 1 GB file, pack";
    public const string LargePackTwoCores = "m3. 1 GB file, pack, 2 cores";
    public const string OneGroup = "g1. 10,000 calls, 1 user";
    public const string ManyGroups = "g2. 10,000 calls, 10,000 users";

    // 760,000 records of the generator's average size are about 1.05 GB of JSON.
    private const int LargeRecords = 760_000;
    private const int GroupRecords = 10_000;

    public static IEnumerable<StageResult> Run(RunOptions options, string trailWatcher, TextWriter progress)
    {
        var large = LargeCorpus(options, progress);
        var logs = Path.Combine(large.Directory, SyntheticTrailManifest.LogsFolder);
        progress.WriteLine($"stage {LargeEverything} ...");
        yield return Checked(FullScanStage.Run(trailWatcher, logs, new ScanVariant(LargeEverything, ScanRules.Everything, 1), large.Manifest));

        // One core against two is a ratio of two short runs: alternated and the medians kept, as for the corpus.
        var variants = new[] { new ScanVariant(LargePackOneCore, ScanRules.Pack, 1), new ScanVariant(LargePackTwoCores, ScanRules.Pack, 2) };
        var passes = variants.Select(_ => new List<(StageResult Result, ScanOutcome Outcome)>()).ToList();
        for (var pass = 0; pass < Math.Max(1, options.Repeat); pass++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                progress.WriteLine($"stage {variants[v].Stage} (pass {pass + 1}) ...");
                passes[v].Add(FullScanStage.Run(trailWatcher, logs, variants[v], large.Manifest));
            }
        }

        foreach (var runs in passes)
        {
            var median = BenchmarkRunner.Median(runs).Result;
            yield return runs.All(r => r.Outcome.ExactlyPlantedAlerted) ? median with { Note = $"median of {runs.Count}, {median.Note}" } : median with { Note = median.Note + ", MISMATCH with the planted events" };
        }

        var groups = Path.Combine(options.CorpusDirectory + "-groups");
        var oneUser = Path.Combine(groups, "one", "groups.json.gz");
        var manyUsers = Path.Combine(groups, "many", "groups.json.gz");
        var bytes = GroupsCorpus.Write(oneUser, GroupRecords, 1);
        _ = GroupsCorpus.Write(manyUsers, GroupRecords, GroupRecords);
        foreach (var (stage, file) in new[] { (OneGroup, oneUser), (ManyGroups, manyUsers) })
        {
            progress.WriteLine($"stage {stage} ...");
            var alerts = 0;
            var run = MeasuredProcess.Run(FullScanStage.Command(trailWatcher, "scan", file), 1, new ScanVariant(stage, ScanRules.Everything, 1).Environment, _ => alerts++);
            yield return new StageResult(stage, GroupRecords, bytes, run.WallSeconds, string.Create(CultureInfo.InvariantCulture, $"{run.Pinning}, exit {run.ExitCode}, {alerts:N0} alerts"))
            {
                CpuSeconds = run.CpuSeconds,
                PeakRssMegabytes = run.PeakRssMegabytes,
            };
        }
    }

    private static StageResult Checked((StageResult Result, ScanOutcome Outcome) run) =>
        run.Outcome.ExactlyPlantedAlerted ? run.Result : run.Result with { Note = run.Result.Note + ", MISMATCH with the planted events" };

    private static (string Directory, SyntheticTrailManifest Manifest) LargeCorpus(RunOptions options, TextWriter progress)
    {
        var directory = options.CorpusDirectory + "-large";
        var generation = new SyntheticTrailOptions
        {
            OutputDirectory = directory,
            TotalRecords = LargeRecords,
            RecordsPerFile = LargeRecords,
            Seed = options.Seed,
            Matches = options.Matches,
        };
        var manifest = SyntheticTrailManifest.TryLoad(directory);
        if (manifest is null || !manifest.HasSameParameters(generation))
        {
            progress.WriteLine($"generating one file of {LargeRecords:N0} records into {directory} ...");
            manifest = new SyntheticTrailGenerator(generation).Generate();
        }

        return (directory, manifest);
    }
}
