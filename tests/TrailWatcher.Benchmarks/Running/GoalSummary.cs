using System.Globalization;

namespace TrailWatcher.Benchmarks.Running;

/// <summary>Reads the stages of one run against the performance goals (docs/benchmark.md lists them), so the verdicts come from figures measured together.</summary>
internal static class GoalSummary
{
    public static IReadOnlyList<GoalResult> Build(IReadOnlyList<StageResult> stages, IReadOnlyList<ScanOutcome> scans)
    {
        var c = CultureInfo.InvariantCulture;
        var by = stages.ToDictionary(s => s.Stage, StringComparer.Ordinal);
        StageResult? Stage(string name) => by.GetValueOrDefault(name);
        var goals = new List<GoalResult>();
        var floor = Stage(DecompressionBaseline.StageName);
        var reader = Stage(BenchmarkRunner.ReaderStageName);
        var seed = Stage(BenchmarkRunner.SeedStage);
        var pack = Stage(BenchmarkRunner.PackStage);
        var all = Stage(BenchmarkRunner.EverythingStage);
        var packTwo = Stage(BenchmarkRunner.PackTwoCoresStage);

        if (floor is not null && all is not null && seed is not null && reader is not null)
        {
            var allFloor = all.Seconds / floor.Seconds;
            var allReader = all.Seconds / reader.Seconds;
            var seedFloor = seed.Seconds / floor.Seconds;
            goals.Add(new(1, string.Create(c, $"all rules {allFloor:F2}x gunzip (at most 2.0), {allReader:F2}x gunzip + reader (at most 1.25); seed rule {seedFloor:F2}x gunzip (at most 1.7)"),
                allFloor <= 2.0 && allReader <= 1.25 && seedFloor <= 1.7));
        }

        if (pack is { CpuSeconds: { } packCpu } && seed is { CpuSeconds: { } seedCpu } && floor is not null)
        {
            // The verdict reads the pass-by-pass ratio when there is one; the two medians are quoted beside it.
            var ratio = pack.CpuRatioToSeed ?? packCpu / seedCpu;
            var how = pack.CpuRatioToSeed is null ? "" : ", median of the passes' ratios";
            goals.Add(new(1, string.Create(c, $"pack {pack.Seconds / floor.Seconds:F2}x gunzip; pack CPU {packCpu:F2} s / seed CPU {seedCpu:F2} s; pack / seed = {ratio:F2}{how} (built-in pack within 1.3 of the seed)"),
                ratio <= 1.3));
        }

        if (scans.FirstOrDefault(s => s.Stage == BenchmarkRunner.PackStage)?.ParsedPercent is { } parsedPack)
        {
            var parsedAll = scans.FirstOrDefault(s => s.Stage == BenchmarkRunner.EverythingStage)?.ParsedPercent;
            goals.Add(new(2, string.Create(c, $"records parsed: {parsedPack:F1} % with the pack, {(parsedAll is { } p ? p.ToString("F1", c) + " %" : "?")} with all rules"), null));
        }

        if (pack is not null && packTwo is not null)
        {
            goals.Add(new(3, string.Create(c, $"two cores {packTwo.RecordsPerSecond / pack.RecordsPerSecond:F2}x the records/s of one (at least 1.8) on the corpus's files"), packTwo.RecordsPerSecond / pack.RecordsPerSecond >= 1.8));
        }

        if (Stage(MemoryStages.LargePackOneCore) is { } largeOne && Stage(MemoryStages.LargePackTwoCores) is { } largeTwo)
        {
            goals.Add(new(3, string.Create(c, $"one 1 GB file: two cores {largeTwo.RecordsPerSecond / largeOne.RecordsPerSecond:F2}x the records/s of one (at least 1.8)"), largeTwo.RecordsPerSecond / largeOne.RecordsPerSecond >= 1.8));
        }

        if (Stage(EmptyScanStage.StageName) is { } empty)
        {
            goals.Add(new(4, string.Create(c, $"empty scan with the pack {empty.Seconds:F3} s (at most 0.15)"), empty.Seconds <= 0.15));
        }

        goals.Add(new(5, "worker latency: measured by the `latency` command", null));

        if (Stage(MemoryStages.LargeEverything) is { PeakRssMegabytes: { } largeRss })
        {
            goals.Add(new(6, string.Create(c, $"peak RSS on the 1 GB file with all rules {largeRss:F0} MB (under 128)"), largeRss < 128));
        }

        if (Stage(MemoryStages.OneGroup) is { PeakRssMegabytes: { } oneRss } && Stage(MemoryStages.ManyGroups) is { PeakRssMegabytes: { } manyRss })
        {
            goals.Add(new(6, string.Create(c, $"10,000 open dedup and correlation groups: peak RSS {manyRss:F0} MB against {oneRss:F0} MB with one (+{manyRss - oneRss:F0} MB)"), manyRss < 128));
        }

        if (floor is not null && seed is not null)
        {
            foreach (var peer in new[] { Stage(PeerStages.JqStage), Stage(PeerStages.DomStage) })
            {
                if (peer is not null)
                {
                    goals.Add(new(7, string.Create(c, $"{peer.Stage}: {peer.RecordsPerSecond:N0} records/s, {peer.Seconds / floor.Seconds:F2}x gunzip; the seed-rule scan is {peer.Seconds / seed.Seconds:F1}x faster"), null));
                }
            }
        }

        return goals;
    }
}
