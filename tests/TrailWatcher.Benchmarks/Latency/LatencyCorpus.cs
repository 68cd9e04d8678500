using System.Diagnostics;
using TrailWatcher.Benchmarks.Generation;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>The generated files a latency run sends, reused from an earlier run when the manifest's parameters match.</summary>
internal sealed class LatencyCorpus
{
    private LatencyCorpus(SyntheticTrailManifest manifest, string logsDirectory, IReadOnlyList<TrailFile> files, bool reused)
    {
        Manifest = manifest;
        LogsDirectory = logsDirectory;
        Files = files;
        Reused = reused;
    }

    public SyntheticTrailManifest Manifest { get; }

    /// <summary>The AWSLogs folder: what `scan` reads and what the keys are relative to (with the folder name).</summary>
    public string LogsDirectory { get; }

    /// <summary>Every file in key order.</summary>
    public IReadOnlyList<TrailFile> Files { get; }

    public bool Reused { get; }

    public static LatencyCorpus Prepare(LatencyOptions options, TextWriter progress)
    {
        var generation = new SyntheticTrailOptions
        {
            OutputDirectory = options.CorpusDirectory,
            TotalRecords = checked(options.Files * options.RecordsPerFile),
            RecordsPerFile = options.RecordsPerFile,
            Seed = options.Seed,
            Matches = options.EffectiveMatches,
        };
        var manifest = SyntheticTrailManifest.TryLoad(options.CorpusDirectory);
        var reused = manifest is not null && manifest.HasSameParameters(generation);
        if (reused)
        {
            progress.WriteLine($"reusing the corpus in {options.CorpusDirectory}");
        }
        else
        {
            progress.WriteLine($"generating {options.Files:N0} files of {options.RecordsPerFile:N0} records into {options.CorpusDirectory} ...");
            var watch = Stopwatch.StartNew();
            manifest = new SyntheticTrailGenerator(generation).Generate();
            progress.WriteLine($"generated in {watch.Elapsed.TotalSeconds:F1} s");
        }

        var logs = Path.Combine(options.CorpusDirectory, SyntheticTrailManifest.LogsFolder);
        var expected = manifest!.Planted
            .Where(p => p.Kind == PlantKind.LoggingDisabled)
            .GroupBy(p => p.File, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(p => p.EventId)], StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(logs, "*.json.gz", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                // The manifest names files relative to the corpus folder, AWSLogs/ included: that is the bucket key too.
                var key = Path.GetRelativePath(options.CorpusDirectory, path).Replace('\\', '/');
                return new TrailFile(path, key, new FileInfo(path).Length, expected.GetValueOrDefault(key) ?? []);
            })
            .ToList();
        if (files.Count != manifest.Files)
        {
            throw new InvalidOperationException($"{logs} holds {files.Count} files, the manifest lists {manifest.Files}; delete the folder and run again.");
        }

        var placed = files.Sum(f => f.ExpectedEventIds.Count);
        if (placed != manifest.ExpectedAlertEventIds.Count)
        {
            throw new InvalidOperationException($"{placed} planted matches were found in the files' keys, the manifest lists {manifest.ExpectedAlertEventIds.Count}.");
        }

        return new LatencyCorpus(manifest, logs, files, reused);
    }
}
