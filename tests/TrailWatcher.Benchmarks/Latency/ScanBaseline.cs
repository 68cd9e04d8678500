using System.Diagnostics;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>Runs `TrailWatcher scan LOCATION` (a local folder, or s3:// on the emulator) as its own process, pinned as the worker was, timed from spawn to exit.</summary>
internal static class ScanBaseline
{
    public static async Task<ScanResult> RunAsync(
        string trailWatcher, string location, int cores, long records, string ruleId, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = Pinning.StartInfo(trailWatcher, cores, "scan", location);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var ruleAlerts = 0;
        var stderr = new Queue<string>();
        using var process = new Process { StartInfo = start };
        // Counted as they stream: a scan that alerts on every background record must not fill the benchmark's memory.
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.Contains(ruleId, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref ruleAlerts);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (stderr)
                {
                    stderr.Enqueue(line);
                    if (stderr.Count > 20)
                    {
                        stderr.Dequeue();
                    }
                }
            }
        };

        // The scan is the only child reaped while it runs, so the growth of the reaped children's time is its own.
        var reapedBefore = CpuClock.OfReapedChildren();
        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the scan did not finish within {timeout.TotalSeconds:F0} s");
        }

        watch.Stop();
        process.WaitForExit();
        var cpu = CpuClock.OfReapedChildren() - reapedBefore;
        if (process.ExitCode != 0)
        {
            lock (stderr)
            {
                throw new InvalidOperationException($"the scan exited with {process.ExitCode}:\n{string.Join('\n', stderr)}");
            }
        }

        return new ScanResult
        {
            Command = string.Join(' ', new[] { start.FileName }.Concat(start.ArgumentList)),
            ExitCode = process.ExitCode,
            Records = records,
            Seconds = watch.Elapsed.TotalSeconds,
            RecordsPerSecond = records / watch.Elapsed.TotalSeconds,
            RuleAlerts = ruleAlerts,
            CpuSeconds = cpu,
        };
    }
}
