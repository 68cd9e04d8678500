using System.CommandLine;
using System.Diagnostics;
using TrailWatcher.Benchmarks.Generation;

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

var root = new RootCommand("TrailWatcher benchmarks: synthetic CloudTrail corpus and hot-path measurements.") { generate };
return root.Parse(args).Invoke();
