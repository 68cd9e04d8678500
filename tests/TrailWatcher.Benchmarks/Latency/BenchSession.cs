namespace TrailWatcher.Benchmarks.Latency;

/// <summary>What every phase talks to: the emulator's API, bucket and queue, the running worker and its metrics, and the alert receiver.</summary>
internal sealed record BenchSession(EmulatorApi Api, string Bucket, string QueueUrl, WorkerInstance Worker, Uri Metrics, HttpClient Http, AlertReceiver Receiver, int? EmulatorPid)
{
    /// <summary>How often a waiting phase looks at the receiver and the worker's counters; also the resolution of the burst's end.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public Task<WorkerCounters> CountersAsync(CancellationToken cancellationToken) => WorkerCounters.ReadAsync(Http, Metrics, cancellationToken);

    public void ThrowIfWorkerExited()
    {
        if (Worker.HasExited)
        {
            throw new InvalidOperationException($"the worker exited during the run:\n{Worker.StderrTail}");
        }
    }
}
