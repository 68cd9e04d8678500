using System.Globalization;
using TrailWatcher.Benchmarks.Generation;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>One latency run end to end: corpus, emulator, worker, warm-up, steady flow, burst and scan; children stopped on every path out.</summary>
internal static class LatencyBenchmark
{
    private const string Bucket = "latency-trail";
    private const string Queue = "latency-notifications";
    private const int UploadParallelism = 4;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ScanTimeout = TimeSpan.FromMinutes(10);

    public static async Task<LatencyReport> RunAsync(LatencyOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        options.Validate();
        // Read before anything starts, so the load average is the neighbours', not ours.
        var machine = MachineInfo.Current();
        var corpus = LatencyCorpus.Prepare(options, progress);
        var ruleId = SyntheticTrailManifest.RuleId;
        var notes = new List<string>();

        await using var emulator = await EmulatorInstance.StartAsync(options.RepositoryRoot, progress, cancellationToken).ConfigureAwait(false);
        using var api = new EmulatorApi(emulator.ServiceUrl);
        var queueUrl = emulator.QueueUrl(Queue);
        await api.CreateBucketAsync(Bucket, cancellationToken).ConfigureAwait(false);
        await api.CreateQueueAsync(Queue, cancellationToken).ConfigureAwait(false);
        await UploadAsync(api, corpus.Files, progress, cancellationToken).ConfigureAwait(false);

        await using var receiver = AlertReceiver.Start(options.SinkDelay);
        var settings = WorkerEnvironment(emulator, queueUrl, receiver.Url, options.WorkerSettings);
        var scratch = Directory.CreateTempSubdirectory("tw-latency-");
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            FlowResult flow;
            BurstResult? burst = null;
            await using (var worker = WorkerInstance.Start(options.TrailWatcherPath, options.Cores, settings, scratch.FullName))
            {
                progress.WriteLine($"worker pid {worker.Id}: {worker.Command}");
                var metrics = await worker.WaitUntilReadyAsync(http, ReadyTimeout, cancellationToken).ConfigureAwait(false);
                var session = new BenchSession(api, Bucket, queueUrl, worker, metrics, http, receiver, emulator.Pid);

                if (options.Warmup > 0)
                {
                    progress.WriteLine($"warm-up: {options.Warmup} files ...");
                    var warm = await SteadyFlow.RunAsync(session, corpus.Files.Take(options.Warmup).ToList(), options.Rate, ruleId, options.DrainTimeout, cancellationToken).ConfigureAwait(false);
                    if (warm.AlertsMissing > 0)
                    {
                        notes.Add($"warm-up: {warm.AlertsMissing} of {warm.AlertsExpected} alerts missing");
                    }
                }

                progress.WriteLine($"steady flow: {corpus.Files.Count:N0} files at {options.Rate:F1}/s ({corpus.Files.Count / options.Rate:F0} s) ...");
                flow = await SteadyFlow.RunAsync(session, corpus.Files, options.Rate, ruleId, options.DrainTimeout, cancellationToken).ConfigureAwait(false);
                progress.WriteLine($"steady flow: p50 {flow.Latency.P50:F0} ms, p99 {flow.Latency.P99:F0} ms, {flow.AlertsMissing} alerts missing");

                if (options.Throughput)
                {
                    progress.WriteLine($"burst: {corpus.Files.Count:N0} notifications at once ...");
                    burst = await Burst.RunAsync(session, corpus.Files, ruleId, options.DrainTimeout, cancellationToken).ConfigureAwait(false);
                    progress.WriteLine($"burst: {burst.RecordsPerSecond:N0} records/s in {burst.Seconds:F2} s");
                }
            }

            ScanResult? scan = null;
            ScanResult? scanS3 = null;
            if (options.Throughput)
            {
                // After the worker has stopped: the scans get the cores the worker had, as the worker had them.
                var location = $"s3://{Bucket}/{SyntheticTrailManifest.LogsFolder}/";
                progress.WriteLine($"scan: {location} on the emulator ...");
                var s3Settings = settings.Where(p => p.Key.StartsWith("AWS_", StringComparison.Ordinal) || p.Key.StartsWith("TrailWatcher__Aws__", StringComparison.Ordinal) || p.Key.StartsWith("TrailWatcher__S3__", StringComparison.Ordinal)).ToDictionary();
                scanS3 = await ScanBaseline.RunAsync(options.TrailWatcherPath, location, options.Cores, corpus.Manifest.TotalRecords, ruleId, s3Settings, ScanTimeout, cancellationToken).ConfigureAwait(false);
                progress.WriteLine($"scan: {corpus.LogsDirectory} ...");
                scan = await ScanBaseline.RunAsync(options.TrailWatcherPath, corpus.LogsDirectory, options.Cores, corpus.Manifest.TotalRecords, ruleId, null, ScanTimeout, cancellationToken).ConfigureAwait(false);
                foreach (var done in new[] { scanS3, scan })
                {
                    if (done.RuleAlerts != corpus.Manifest.ExpectedAlertEventIds.Count)
                    {
                        notes.Add($"`{done.Command}` raised {done.RuleAlerts} alerts of {ruleId}, the corpus plants {corpus.Manifest.ExpectedAlertEventIds.Count}");
                    }
                }
            }

            if (receiver.Malformed > 0)
            {
                notes.Add($"{receiver.Malformed} webhook requests were not alerts with an event_id and a rule_id");
            }

            return new LatencyReport
            {
                Machine = machine,
                TrailWatcher = options.TrailWatcherPath,
                Pinning = Pinning.Describe(options.Cores),
                CorpusDirectory = options.CorpusDirectory,
                CorpusReused = corpus.Reused,
                RecordsPerFile = options.RecordsPerFile,
                CompressedBytes = corpus.Manifest.CompressedBytes,
                WorkerSettings = settings.Where(p => p.Key.StartsWith("TrailWatcher__", StringComparison.Ordinal)).ToDictionary(),
                WarmupFiles = options.Warmup,
                SinkDelayMs = options.SinkDelay.TotalMilliseconds,
                Flow = flow,
                Burst = burst,
                Scan = scan,
                ScanFromS3 = scanS3,
                Notes = notes,
            };
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>The worker's configuration: SQS source on the emulator, webhook sink to the receiver, dedup off, metrics on a free port.</summary>
    private static Dictionary<string, string> WorkerEnvironment(EmulatorInstance emulator, string queueUrl, Uri webhook, IReadOnlyDictionary<string, string> extra)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TrailWatcher__Source"] = "Sqs",
            ["TrailWatcher__Sqs__QueueUrl"] = queueUrl,
            ["TrailWatcher__S3__ForcePathStyle"] = "true",
            ["TrailWatcher__Aws__ServiceUrl"] = emulator.ServiceUrl.ToString().TrimEnd('/'),
            ["TrailWatcher__Aws__Region"] = "us-east-1",
            ["TrailWatcher__Sinks__Console__Enabled"] = "false",
            ["TrailWatcher__Sinks__Webhook__Url"] = webhook.ToString(),
            // Dedup stays on, as shipped: the planted rule has no dedup block, so each planted call is its own alert.
            // Should one be added, folded alerts show up as missing and the run fails; --setting Dedup:Enabled=false.
            ["TrailWatcher__Metrics__Port"] = "0",
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_REGION"] = "us-east-1",
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static async Task UploadAsync(EmulatorApi api, IReadOnlyList<TrailFile> files, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"uploading {files.Count:N0} files ({files.Sum(f => f.Size) / 1e6:F1} MB) ..."));
        // All before the worker starts: upload time is no part of what is measured.
        await Parallel.ForEachAsync(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = UploadParallelism, CancellationToken = cancellationToken },
            async (file, token) => await api.PutObjectAsync(Bucket, file.Key, await File.ReadAllBytesAsync(file.Path, token).ConfigureAwait(false), token).ConfigureAwait(false)).ConfigureAwait(false);
    }
}
