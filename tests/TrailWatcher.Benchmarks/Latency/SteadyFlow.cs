using System.Diagnostics;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>Sends one notification per file on a fixed schedule and times each file from its send to its alerts in the sink.</summary>
internal static class SteadyFlow
{
    private static readonly TimeSpan MissingGrace = TimeSpan.FromSeconds(5);

    public static async Task<FlowResult> RunAsync(BenchSession session, IReadOnlyList<TrailFile> files, double rate, string ruleId, TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        var before = await session.CountersAsync(cancellationToken).ConfigureAwait(false);
        var sent = new long[files.Count];
        var start = Stopwatch.GetTimestamp();
        var maxLag = 0.0;
        for (var i = 0; i < files.Count; i++)
        {
            // Slots are fixed from the start: a late send is followed at once by the next, so the average rate holds.
            var due = start + (long)(i * Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            if ((i & 0xF) == 0)
            {
                session.ThrowIfWorkerExited();
            }

            // Stamped before the call: the send's own round trip counts against the worker, the conservative side.
            sent[i] = Stopwatch.GetTimestamp();
            maxLag = Math.Max(maxLag, Stopwatch.GetElapsedTime(due, sent[i]).TotalMilliseconds);
            var file = files[i];
            await session.Api.SendAsync(session.QueueUrl, EmulatorApi.ObjectCreated(session.Bucket, file.Key, file.Size), cancellationToken).ConfigureAwait(false);
        }

        var lastSend = sent.Length > 0 ? sent[^1] : start;
        var (tally, after) = await DrainAsync(session, files, start, before.Objects + files.Count, ruleId, drainTimeout, cancellationToken).ConfigureAwait(false);
        var drained = Stopwatch.GetElapsedTime(lastSend).TotalSeconds;

        var samples = new List<double>();
        for (var i = 0; i < files.Count; i++)
        {
            var expected = files[i].ExpectedEventIds;
            if (expected.Count > 0 && expected.All(tally.FirstArrival.ContainsKey))
            {
                // A file is done when its last alert is in: the time an operator waits for all of what it held.
                var last = expected.Max(id => tally.FirstArrival[id]);
                samples.Add(Stopwatch.GetElapsedTime(sent[i], last).TotalMilliseconds);
            }
        }

        var span = Stopwatch.GetElapsedTime(start, lastSend).TotalSeconds;
        return new FlowResult
        {
            FilesSent = files.Count,
            TargetRate = rate,
            AchievedRate = files.Count > 1 && span > 0 ? (files.Count - 1) / span : rate,
            MaxSendLagMs = maxLag,
            AlertsExpected = tally.Expected,
            AlertsReceived = tally.Received,
            AlertsMissing = tally.Missing,
            UnexpectedAlerts = tally.Unexpected,
            DuplicateAlerts = tally.Duplicates,
            OtherRuleAlerts = tally.OtherRules,
            FilesWithMatches = files.Count(f => f.ExpectedEventIds.Count > 0),
            Latency = Percentiles.Summarise(samples),
            WorkerObjectMeanMs = after.MeanObjectSecondsSince(before) * 1000,
            DrainSeconds = drained,
        };
    }

    /// <summary>Waits until every expected alert since <paramref name="since"/> is in and the worker has finished <paramref name="objectsTarget"/> objects, or the time is up.</summary>
    public static async Task<(AlertTally Tally, WorkerCounters Counters)> DrainAsync(
        BenchSession session, IReadOnlyList<TrailFile> files, long since, double objectsTarget, string ruleId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        TimeSpan? objectsDoneAt = null;
        while (true)
        {
            session.ThrowIfWorkerExited();
            var counters = await session.CountersAsync(cancellationToken).ConfigureAwait(false);
            var tally = AlertTally.Of(files, session.Receiver.Since(since), ruleId);
            if (counters.Objects >= objectsTarget)
            {
                objectsDoneAt ??= deadline.Elapsed;
            }

            // An object finishes only after its alerts are delivered, so once all are finished, alerts still missing
            // are lost (or the object failed and waits for redelivery): a short grace, not the whole timeout.
            if ((tally.Complete && objectsDoneAt is not null) || deadline.Elapsed - objectsDoneAt > MissingGrace || deadline.Elapsed >= timeout)
            {
                return (tally, counters);
            }

            await Task.Delay(BenchSession.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
