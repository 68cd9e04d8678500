using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TrailWatcher.Alerting;
using TrailWatcher.Detection.Evaluation;
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
    private readonly Correlator? _correlator;

    // The newest eventTime read per account (UTC ticks), which moves that account's correlation watermark.
    private readonly ConcurrentDictionary<string, long> _newestEventTicks = new(StringComparer.Ordinal);
    private readonly PipelineOptions _options;
    private readonly TrailWatcherMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<DetectionPipeline> _logger;
    private readonly Channel<ObjectWork> _objects;
    private readonly Channel<RecordBatch> _records;
    private readonly CandidateBudget _candidateBytes;
    private readonly Channel<AlertBatch> _alerts;

    // How often ended dedup periods are looked for: an update leaves at most this long after its period ends.
    private static readonly TimeSpan PeriodCheckInterval = TimeSpan.FromSeconds(1);

    // Objects submitted and not yet complete, wherever they are: queued, being read, or held by a stalled sink.
    private readonly ConcurrentDictionary<ObjectWork, byte> _unfinished = new();

    public DetectionPipeline(RecordEvaluator evaluator, AlertRouter router, AlertDispatcher dispatcher, PipelineOptions options, TrailWatcherMetrics metrics, TimeProvider time, ILogger<DetectionPipeline> logger, Correlator? correlator = null)
    {
        _evaluator = evaluator;
        _correlator = correlator;
        _router = router;
        _dispatcher = dispatcher;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _objects = Bounded<ObjectWork>(options.ChannelCapacity, singleReader: false);
        _records = Bounded<RecordBatch>(options.ChannelCapacity, singleReader: false);
        _candidateBytes = new CandidateBudget(options.MaxCandidateBytes);
        _alerts = Bounded<AlertBatch>(Math.Min(options.ChannelCapacity, MaxAlertBatchesQueued), singleReader: true);
        metrics.ObserveChannels(
            () => [new("objects", _objects.Reader.Count), new("records", _records.Reader.Count), new("alerts", _alerts.Reader.Count)],
            () => _unfinished.Count);
    }

    public TrailWatcherMetrics Metrics => _metrics;

    /// <summary>Bytes of candidate records handed to the evaluation stage and not yet evaluated.</summary>
    public long CandidateBytes => _candidateBytes.Held;

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
        catch (ChannelClosedException ex)
        {
            work.Cancel();
            throw new PipelineClosedException(ex);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Record {RecordIndex} of {Source} (byte {ByteOffset}) is {Bytes} bytes, past TrailWatcher:Pipeline:MaxRecordBytes ({Limit}): skipped unread, and raised as an oversized-record signal")]
    private static partial void LogOversizedRecord(ILogger logger, string source, long recordIndex, long byteOffset, long bytes, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule {RuleId} could not evaluate record {RecordIndex} of {Source}")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception, string ruleId, string source, long recordIndex);
}
