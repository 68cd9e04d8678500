using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using TrailWatcher.Benchmarks;
using TrailWatcher.Benchmarks.Generation;
using TrailWatcher.Benchmarks.Running;

var outOption = new Option<DirectoryInfo>("--out") { Description = "Folder to write AWSLogs/ and manifest.json into.", Required = true };
var recordsOption = new Option<int>("--records") { Description = "Total records.", DefaultValueFactory = _ => 400_000 };
var perFileOption = new Option<int>("--per-file") { Description = "Records per log file.", DefaultValueFactory = _ => 1_000 };
var seedOption = new Option<int>("--seed") { Description = "Random seed; the same seed gives byte-identical files.", DefaultValueFactory = _ => 42 };
var matchesOption = new Option<int>("--matches") { Description = "PutBucketLogging events that must alert (as many decoys of each kind are added).", DefaultValueFactory = _ => 5 };

var generate = new Command("generate", "Write a synthetic CloudTrail corpus and its manifest.")
{
    outOption, recordsOption, perFileOption, seedOption, matchesOption,
};
generate.SetAction(parse =>
{
    var options = new SyntheticTrailOptions
    {
        OutputDirectory = parse.GetRequiredValue(outOption).FullName,
        TotalRecords = parse.GetValue(recordsOption),
        RecordsPerFile = parse.GetValue(perFileOption),
        Seed = parse.GetValue(seedOption),
        Matches = parse.GetValue(matchesOption),
    };
    var watch = Stopwatch.StartNew();
    var manifest = new SyntheticTrailGenerator(options).Generate();
    watch.Stop();
    Console.Error.WriteLine(
        $"wrote {manifest.TotalRecords:N0} records in {manifest.Files:N0} files in {watch.Elapsed.TotalSeconds:F2} s: " +
        $"{manifest.UncompressedBytes / 1e6:F1} MB JSON, {manifest.CompressedBytes / 1e6:F1} MB gzip, {manifest.AverageRecordBytes:F0} B/record, " +
        $"{manifest.ExpectedAlertEventIds.Count} planted matches");
    return 0;
});

var dirOption = new Option<DirectoryInfo>("--dir") { Description = "Corpus folder; reused when its manifest has the same parameters. Default: artifacts/bench-corpus." };
var trailWatcherOption = new Option<FileInfo>("--trailwatcher") { Description = "TrailWatcher executable or .dll. Default: src/TrailWatcher/bin/Release/net10.0/TrailWatcher." };
var memoryOption = new Option<bool>("--memory") { Description = "Also scan one 1 GB file (peak memory; one core against two) and 10,000 open dedup and correlation groups." };
var readmeOption = new Option<FileInfo>("--readme") { Description = "Also rewrite the benchmark block of this markdown file (the README) with the report." };
var noPeersOption = new Option<bool>("--no-peers") { Description = "Skip zcat | jq and the JsonDocument-per-record evaluator." };
var repeatOption = new Option<int>("--repeat") { Description = "Passes of each in-process stage (a, b); the fastest is reported.", DefaultValueFactory = _ => 3 };
var jsonOption = new Option<bool>("--json") { Description = "Print the results as JSON instead of a table." };

var run = new Command("run", "Measure gunzip, gunzip + reader, TrailWatcher scans (seed rule, pack, all rules, two cores) and peers on the same corpus.")
{
    recordsOption, perFileOption, seedOption, matchesOption, dirOption, trailWatcherOption, memoryOption, noPeersOption, readmeOption, repeatOption, jsonOption,
};
run.SetAction(parse =>
{
    var options = new RunOptions
    {
        CorpusDirectory = parse.GetValue(dirOption)?.FullName ?? RepositoryLocator.DefaultCorpusDirectory(),
        Records = parse.GetValue(recordsOption),
        RecordsPerFile = parse.GetValue(perFileOption),
        Seed = parse.GetValue(seedOption),
        Matches = parse.GetValue(matchesOption),
        TrailWatcherPath = parse.GetValue(trailWatcherOption)?.FullName ?? RepositoryLocator.DefaultTrailWatcherPath(),
        Memory = parse.GetValue(memoryOption),
        Peers = !parse.GetValue(noPeersOption),
        Repeat = parse.GetValue(repeatOption),
    };
    var report = BenchmarkRunner.Run(options, Console.Error);
    if (parse.GetValue(jsonOption))
    {
        Console.WriteLine(JsonSerializer.Serialize(report, BenchJsonContext.Default.BenchmarkReport));
    }
    else
    {
        Console.Write(ResultTable.Render(report));
    }

    if (parse.GetValue(readmeOption) is { } readme)
    {
        MarkdownReport.Replace(readme.FullName, MarkdownReport.Render(report, MarkdownReport.Relative("dotnet run -c Release --project tests/TrailWatcher.Benchmarks -- " + string.Join(' ', args))));
    }

    // A scan that alerted on the wrong events is a failed benchmark, so scripts can gate on it.
    return report.Scans.Any(s => !s.ExactlyPlantedAlerted) ? 2 : 0;
});

var root = new RootCommand("TrailWatcher benchmarks: synthetic CloudTrail corpus and hot-path measurements.") { generate, run };
root.Add(TrailWatcher.Benchmarks.Latency.LatencyCommand.Create());
return root.Parse(args).Invoke();
