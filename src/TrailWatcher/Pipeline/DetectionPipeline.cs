using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TrailWatcher.Alerting;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Sinks;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Pipeline;

/// <summary>Objects → records → evaluation → alerts → sinks, each hand-off a bounded channel so a slow stage slows the ones before it.</summary>
/// <remarks>
/// The reader does the cheap rejection itself: a record is looked up in the rule index by its top-level
/// eventSource/eventName and only candidates are copied and handed on. Most records match no rule, so the
/// evaluators see a small fraction of the stream and the channels carry little.
/// </remarks>
internal sealed partial class DetectionPipeline
{
    private readonly RecordEvaluator _evaluator;
    private readonly AlertDispatcher _dispatcher;
    private readonly AlertRouter _router;
    private readonly PipelineOptions _options;
    private readonly TrailWatcherMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<DetectionPipeline> _logger;
    private readonly Channel<ObjectWork> _objects;
    private readonly Channel<RecordBatch> _records;
    private readonly Channel<AlertBatch> _alerts;

    // How often ended dedup periods are looked for: an update leaves at most this long after its period ends.
    private static readonly TimeSpan PeriodCheckInterval = TimeSpan.FromSeconds(1);

    // Objects submitted and not yet complete, wherever they are: queued, being read, or held by a stalled sink.
    private readonly ConcurrentDictionary<ObjectWork, byte> _unfinished = new();

    public DetectionPipeline(RecordEvaluator evaluator, AlertRouter router, AlertDispatcher dispatcher, PipelineOptions options, TrailWatcherMetrics metrics, TimeProvider time, ILogger<DetectionPipeline> logger)
    {
        _evaluator = evaluator;
        _router = router;
        _dispatcher = dispatcher;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _objects = Bounded<ObjectWork>(options.ChannelCapacity, singleReader: false);
        _records = Bounded<RecordBatch>(options.ChannelCapacity, singleReader: false);
        _alerts = Bounded<AlertBatch>(options.ChannelCapacity, singleReader: true);
        metrics.ObserveChannels(
            () => [new("objects", _objects.Reader.Count), new("records", _records.Reader.Count), new("alerts", _alerts.Reader.Count)],
            () => _unfinished.Count);
    }

    public TrailWatcherMetrics Metrics => _metrics;

    /// <summary>Queues an object; waits while the pipeline is full. Await the returned work's <see cref="ObjectWork.Completion"/> to learn its outcome.</summary>
    public async ValueTask<ObjectWork> SubmitAsync(LogObject logObject, CancellationToken cancellationToken)
    {
        var work = new ObjectWork(logObject);
        _unfinished.TryAdd(work, 0);
        _ = work.Completion.ContinueWith(Finished, work, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await _objects.Writer.WriteAsync(work, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            work.Cancel();
            throw;
        }

        return work;
    }

    private void Finished(Task<ObjectOutcome> completion, object? state)
    {
        var work = (ObjectWork)state!;
        _unfinished.TryRemove(work, out _);
        if (completion.IsCompletedSuccessfully)
        {
            _metrics.ObjectFinished(completion.Result.Succeeded, _time.GetElapsedTime(work.StartedAt));
        }
    }

    /// <summary>No more objects will come: the pipeline drains what it has and <see cref="RunAsync"/> returns.</summary>
    public void CompleteAdding() => _objects.Writer.TryComplete();

    /// <summary>Runs every stage until input is complete and drained, or until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var readers = StartStage(_options.EffectiveReaders, () => ReadObjectsAsync(cancellationToken), _records.Writer);
        var evaluators = StartStage(_options.EffectiveEvaluators, () => EvaluateAsync(cancellationToken), _alerts.Writer);
        var delivery = DeliverAsync(cancellationToken);
        try
        {
            await Task.WhenAll(readers, evaluators, delivery).ConfigureAwait(false);
        }
        finally
        {
            // Whatever did not finish when the pipeline stops never will: say so, so no source waits on it or acknowledges it.
            foreach (var work in _unfinished.Keys)
            {
                work.Cancel();
            }
        }
    }

    private static Task StartStage<T>(int count, Func<Task> body, ChannelWriter<T> downstream)
    {
        var tasks = new Task[count];
        for (var i = 0; i < count; i++)
        {
            tasks[i] = Task.Run(body);
        }

        return Task.WhenAll(tasks).ContinueWith(t => downstream.TryComplete(t.Exception), TaskScheduler.Default);
    }

    private async Task ReadObjectsAsync(CancellationToken cancellationToken)
    {
        await foreach (var work in _objects.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await ReadObjectAsync(work, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReadObjectAsync(ObjectWork work, CancellationToken cancellationToken)
    {
        RecordBatch? batch = null;
        long records = 0;
        long bytes = 0;
        CountingStream? counted = null;
        var newest = new NewestEventTime();
        work.StartedAt = _time.GetTimestamp();
        using var deadline = work.Object.Timeout is { } timeout ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        deadline?.CancelAfter(work.Object.Timeout!.Value);
        var reading = deadline?.Token ?? cancellationToken;
        try
        {
            await using var raw = counted = new CountingStream(await work.Object.OpenAsync(reading).ConfigureAwait(false));
            // Local files are sniffed synchronously too: an async read of a synchronous handle costs a thread hop per file.
            await using var json = work.Object.ReadsSynchronously ? LogStreams.OpenDecompressed(raw) : await LogStreams.OpenDecompressedAsync(raw, reading).ConfigureAwait(false);
            using var reader = new CloudTrailReader(json, work.Object.Name);
            try
            {
                if (work.Object.ReadsSynchronously)
                {
                    while (ScanUntilBatchFull(reader, work, newest, ref batch, cancellationToken))
                    {
                        await HandOnAsync(batch!, cancellationToken).ConfigureAwait(false);
                        batch = null;
                    }
                }
                else
                {
                    while (await reader.ReadAsync(reading).ConfigureAwait(false))
                    {
                        if (Collect(in reader.Current, work, newest, ref batch) || ((reader.RecordsRead & 0x3FF) == 0 && Overdue(batch)))
                        {
                            await HandOnAsync(batch!, cancellationToken).ConfigureAwait(false);
                            batch = null;
                        }
                    }
                }
            }
            finally
            {
                records = reader.RecordsRead;
                bytes = reader.BytesConsumed;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            work.Cancel();
            throw;
        }
        catch (OperationCanceledException ex) when (deadline is { IsCancellationRequested: true })
        {
            var timedOut = new TimeoutException($"{work.Object.Name}: not read within {work.Object.Timeout!.Value.TotalSeconds:F0} s", ex);
            work.Fail(timedOut);
            LogObjectFailed(_logger, work.Object.Name, timedOut.Message);
        }
        catch (Exception ex)
        {
            work.Fail(ex);
            LogObjectFailed(_logger, work.Object.Name, ex.Message);
        }

        work.AddRead(records, bytes);
        _metrics.RecordsRead(records, counted?.BytesRead ?? 0, bytes);
        if (newest.TryGet(out var eventTime))
        {
            var (account, region) = TrailLocation.From(work.Object.Name);
            _metrics.NewestEvent(account, region, eventTime, _time.GetUtcNow());
        }

        if (batch is not null)
        {
            // Records read before a fault are still evaluated.
            await HandOnAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        work.Release();
    }

    // The hot loop, free of awaits so the JIT keeps its state in registers: true when a batch is full or overdue, false at the end.
    private bool ScanUntilBatchFull(CloudTrailReader reader, ObjectWork work, NewestEventTime newest, ref RecordBatch? batch, CancellationToken cancellationToken)
    {
        while (reader.Read())
        {
            if (Collect(in reader.Current, work, newest, ref batch))
            {
                return true;
            }

            if ((reader.RecordsRead & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Overdue(batch))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // The cheap rejection: only records some rule may match are copied out of the reader's buffer.
    private bool Collect(in RawRecord record, ObjectWork work, NewestEventTime newest, ref RecordBatch? batch)
    {
        // Logs are time-ordered, so every 64th record tracks the newest time well within the lag histogram's resolution.
        if ((record.Index & 0x3F) == 0)
        {
            newest.Note(record.EventTime.Span);
        }

        var candidates = _evaluator.Index.Candidates(record.EventSource.Span, record.EventName.Span);
        if (candidates.Length == 0 || _evaluator.Index.Admit(candidates, record.Json.Span) is not { } admitted)
        {
            return false;
        }

        batch ??= new RecordBatch(work, _time.GetTimestamp());
        batch.Records.Add(new CandidateRecord(record.Json.ToArray(), admitted, record.Index));
        return batch.Records.Count >= _options.BatchSize;
    }

    private bool Overdue(RecordBatch? batch) =>
        batch is not null && _time.GetElapsedTime(batch.CreatedAt).TotalMilliseconds >= _options.MaxBatchDelayMilliseconds;

    private ValueTask HandOnAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        batch.Work.Retain();
        return _records.Writer.WriteAsync(batch, cancellationToken);
    }

    private async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        await foreach (var batch in _records.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var alerts = Evaluate(batch);
            if (alerts.Count > 0)
            {
                batch.Work.Retain();
                await _alerts.Writer.WriteAsync(new AlertBatch(batch.Work, alerts), cancellationToken).ConfigureAwait(false);
            }

            batch.Work.Release();
        }
    }

    private List<RuleMatch> Evaluate(RecordBatch batch)
    {
        var matches = new List<RuleMatch>();
        var source = batch.Work.Object.Name;
        foreach (var candidate in batch.Records)
        {
            var verdict = _evaluator.Evaluate(candidate.Json, candidate.Rules, source, candidate.Index, _time.GetUtcNow(), matches);
            if (verdict.FormatError is { } formatError)
            {
                batch.Work.Fail(formatError);
                LogObjectFailed(_logger, source, formatError.Message);
            }

            NoteExceptions(verdict, source);
            foreach (var error in verdict.RuleErrors ?? [])
            {
                batch.Work.AddEvaluationError();
                _metrics.EvaluationError(error.RuleId);
                LogEvaluationFailed(_logger, error, error.RuleId, source, candidate.Index);
            }
        }

        return matches;
    }

    // One task delivers, so sinks are never written from two places at once: matches as they come, and the updates
    // of closed dedup groups when the period timer ticks in between.
    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        var pending = new List<AlertBatch>();
        var produced = new List<int>();
        var alerts = new List<Alert>();
        using var timer = _router.Enabled ? new PeriodicTimer(PeriodCheckInterval, _time) : null;
        var tick = timer?.WaitForNextTickAsync(cancellationToken).AsTask();
        var ready = _alerts.Reader.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            if (tick is not null && await Task.WhenAny(ready, tick).ConfigureAwait(false) == tick)
            {
                await tick.ConfigureAwait(false);
                await DeliverUpdatesAsync(await _router.CloseDueAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                tick = timer!.WaitForNextTickAsync(cancellationToken).AsTask();
                continue;
            }

            if (!await ready.ConfigureAwait(false))
            {
                break;
            }

            // Drain what is ready so one sink write (and one fsync) serves many batches.
            while (pending.Count < _options.ChannelCapacity && _alerts.Reader.TryRead(out var batch))
            {
                pending.Add(batch);
                var routed = await _router.RouteAsync(batch.Matches, cancellationToken).ConfigureAwait(false);
                produced.Add(routed.Count);
                alerts.AddRange(routed);
            }

            try
            {
                // An object waits only for what it produced now; matches folded into a group hold nothing back.
                await _dispatcher.DeliverAsync(alerts, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < pending.Count; i++)
                {
                    pending[i].Work.AddAlerts(produced[i]);
                }

                Delivered(alerts);
            }
            catch (AlertDeliveryException ex)
            {
                foreach (var batch in pending)
                {
                    batch.Work.Fail(ex);
                }
            }

            foreach (var batch in pending)
            {
                batch.Work.Release();
            }

            pending.Clear();
            produced.Clear();
            alerts.Clear();
            ready = _alerts.Reader.WaitToReadAsync(cancellationToken).AsTask();
        }

        // Input is drained: every counted event must stay findable, so open groups this process holds are closed now.
        await DeliverUpdatesAsync(await _router.CloseOnStopAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    private async Task DeliverUpdatesAsync(IReadOnlyList<Alert> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        try
        {
            await _dispatcher.DeliverAsync(updates, cancellationToken).ConfigureAwait(false);
            Delivered(updates);
        }
        catch (AlertDeliveryException ex)
        {
            // No object waits on an update; with retrying sinks this happens only when delivery is cancelled.
            LogUpdatesLost(_logger, ex, updates.Count);
        }
    }

    private void Delivered(IReadOnlyList<Alert> alerts)
    {
        foreach (var alert in alerts)
        {
            _metrics.AlertDelivered(alert.RuleId, AlertJson.SeverityName(alert.Severity), AlertJson.KindName(alert.Kind));
        }
    }

    private static Channel<T> Bounded<T>(int capacity, bool singleReader) => Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = singleReader,
        SingleWriter = false,
    });

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} dedup updates could not be delivered")]
    private static partial void LogUpdatesLost(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Failed to read {Source}: {Reason}")]
    private static partial void LogObjectFailed(ILogger logger, string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule {RuleId} could not evaluate record {RecordIndex} of {Source}")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception, string ruleId, string source, long recordIndex);
}
