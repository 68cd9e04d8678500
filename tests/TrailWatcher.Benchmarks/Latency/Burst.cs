using System.Diagnostics;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>Puts every file's notification on the queue at once and measures the worker's records/s until the last object is finished.</summary>
internal static class Burst
{
    public static async Task<BurstResult> RunAsync(BenchSession session, IReadOnlyList<TrailFile> files, string ruleId, TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        var before = await session.CountersAsync(cancellationToken).ConfigureAwait(false);
        var cpuBefore = Cpu(session);
        var start = Stopwatch.GetTimestamp();
        // Batches of ten keep the sending short next to the work it creates; the worker starts on the first batch.
        foreach (var chunk in files.Chunk(EmulatorApi.MaxBatch))
        {
            var bodies = chunk.Select(f => EmulatorApi.ObjectCreated(session.Bucket, f.Key, f.Size)).ToList();
            await session.Api.SendBatchAsync(session.QueueUrl, bodies, cancellationToken).ConfigureAwait(false);
        }

        var sendSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var (tally, after) = await SteadyFlow.DrainAsync(session, files, start, before.Objects + files.Count, ruleId, drainTimeout, cancellationToken).ConfigureAwait(false);
        // The end is the poll that saw the last object finished: at most one poll interval late.
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuAfter = Cpu(session);
        var records = (long)(after.Records - before.Records);
        return new BurstResult
        {
            Files = files.Count,
            Records = records,
            Seconds = seconds,
            SendSeconds = sendSeconds,
            RecordsPerSecond = records / seconds,
            FilesPerSecond = (after.Objects - before.Objects) / seconds,
            AlertsMissing = tally.Missing,
            WorkerCpuSeconds = cpuAfter.Worker - cpuBefore.Worker,
            EmulatorCpuSeconds = cpuAfter.Emulator - cpuBefore.Emulator,
            BenchmarkCpuSeconds = cpuAfter.Benchmark - cpuBefore.Benchmark,
        };
    }

    private static (double? Worker, double? Emulator, double? Benchmark) Cpu(BenchSession session) =>
        (CpuClock.Of(session.Worker.Id), session.EmulatorPid is { } pid ? CpuClock.Of(pid) : null, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);
}
