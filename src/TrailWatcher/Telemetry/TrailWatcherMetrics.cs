using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Telemetry;

/// <summary>Every metric TrailWatcher reports, created from one meter; instruments only (the CLI keeps its own totals by listening).</summary>
/// <remarks>Prometheus names: dots become underscores, the unit is appended (<c>_seconds</c>, <c>_bytes</c>), counters end in <c>_total</c>.</remarks>
internal sealed class TrailWatcherMetrics
{
    public const string MeterName = "TrailWatcher";

    private readonly Counter<long> _records;
    private readonly Counter<long> _recordsParsed;
    private readonly Counter<long> _objects;
    private readonly Counter<long> _compressedBytes;
    private readonly Counter<long> _uncompressedBytes;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _notifications;
    private readonly Counter<long> _limits;
    private readonly Counter<long> _s3Retries;
    private readonly Counter<long> _s3Resumptions;
    private readonly Counter<long> _evaluationErrors;
    private readonly Counter<long> _exceptionSuppressed;
    private readonly Counter<long> _correlationEvents;
    private readonly Counter<long> _digests;
    private readonly Counter<long> _integrityFindings;
    private readonly Counter<long> _unreadFetched;
    private readonly Histogram<double> _eventLag;
    private readonly Histogram<double> _notificationLatency;
    private readonly Histogram<double> _objectDuration;
    private readonly ConcurrentDictionary<(string Account, string Region), long> _newestEventTime = new();
    private readonly ConcurrentDictionary<(string Queue, string State), long> _queueMessages = new();
    private Func<IEnumerable<KeyValuePair<string, int>>> _channelDepths = () => [];
    private Func<int> _inFlight = () => 0;
    private Func<IReadOnlyList<SinkStatus>> _sinks = () => [];

    public TrailWatcherMetrics(IMeterFactory meterFactory)
    {
        var meter = Meter = meterFactory.Create(MeterName);
        _records = meter.CreateCounter<long>("trailwatcher.records.read", "{record}", "CloudTrail records read");
        _recordsParsed = meter.CreateCounter<long>("trailwatcher.records.parsed", "{record}", "Records that no rule's index keys or guard could rule out, so they were parsed and evaluated");
        _objects = meter.CreateCounter<long>("trailwatcher.objects.processed", "{object}", "Log objects finished, by outcome");
        _compressedBytes = meter.CreateCounter<long>("trailwatcher.read.compressed", "By", "Bytes read as stored (usually gzip)");
        _uncompressedBytes = meter.CreateCounter<long>("trailwatcher.read.uncompressed", "By", "Bytes of JSON read after decompression");
        _alerts = meter.CreateCounter<long>("trailwatcher.alerts", "{alert}", "Alerts, signals and dedup updates delivered, by rule, severity and kind");
        _notifications = meter.CreateCounter<long>("trailwatcher.notifications", "{message}", "SQS messages handled, by format and outcome");
        _limits = meter.CreateCounter<long>("trailwatcher.input.limit_exceeded", "{input}", "Objects and messages refused for passing a configured size limit, by limit");
        _s3Retries = meter.CreateCounter<long>("trailwatcher.s3.retries", "{retry}", "S3 GetObject calls retried");
        _s3Resumptions = meter.CreateCounter<long>("trailwatcher.s3.resumptions", "{resumption}", "S3 object bodies that broke off or stalled and were continued with a ranged GET");
        meter.CreateObservableCounter("trailwatcher.sink.deliveries", ObserveSinkDeliveries, "{delivery}", "Alerts a sink accepted (succeeded) and delivery attempts that failed, by sink");
        _evaluationErrors = meter.CreateCounter<long>("trailwatcher.rule.evaluation_errors", "{error}", "Records a rule could not decide on");
        _exceptionSuppressed = meter.CreateCounter<long>("trailwatcher.exception.suppressed", "{match}", "Rule matches a tuning exception silenced, by rule and exception");
        _correlationEvents = meter.CreateCounter<long>("trailwatcher.correlation.events", "{event}", "Correlation inputs not counted (late, unplaced) and groups dropped (evicted), by rule and outcome");
        _digests = meter.CreateCounter<long>("trailwatcher.integrity.digests", "{digest}", "Digest files validated, by outcome (valid, findings)");
        _integrityFindings = meter.CreateCounter<long>("trailwatcher.integrity.findings", "{finding}", "Log file integrity findings, by rule");
        _unreadFetched = meter.CreateCounter<long>("trailwatcher.integrity.unread_fetched", "{object}", "Log files a digest listed that no notification announced in time, fetched and evaluated");
        _eventLag = meter.CreateHistogram<double>("trailwatcher.event.lag", "s", "Age of the newest event of each object when it was evaluated",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400] });
        _notificationLatency = meter.CreateHistogram<double>("trailwatcher.notification.latency", "s", "From a notification being sent to SQS to its alerts being delivered",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });
        _objectDuration = meter.CreateHistogram<double>("trailwatcher.object.duration", "s", "Time to read and evaluate one log object",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        meter.CreateObservableGauge("trailwatcher.channel.depth", () => _channelDepths().Select(d => new Measurement<int>(d.Value, new KeyValuePair<string, object?>("stage", d.Key))), "{item}", "Items waiting in each bounded hand-off");
        meter.CreateObservableGauge("trailwatcher.objects.in_flight", () => _inFlight(), "{object}", "Objects accepted and not yet finished");
        meter.CreateObservableGauge("trailwatcher.newest_event_time", ObserveNewestEventTimes, "s", "Unix time of the newest eventTime seen, per account and region");
        meter.CreateObservableGauge("trailwatcher.queue.messages", ObserveQueueMessages, "{message}", "Messages in the source queue and its dead-letter queue");
        meter.CreateObservableGauge("trailwatcher.sink.circuit_open", () => _sinks().Select(s => new Measurement<int>(s.CircuitOpen ? 1 : 0, new KeyValuePair<string, object?>("sink", s.Name))), "{circuit}", "1 while a sink's circuit breaker is open");
    }

    /// <summary>The meter every instrument comes from, so a listener can take exactly this instance's measurements.</summary>
    public Meter Meter { get; }

    public void ObserveChannels(Func<IEnumerable<KeyValuePair<string, int>>> depths, Func<int> inFlight)
    {
        _channelDepths = depths;
        _inFlight = inFlight;
    }

    public void ObserveSinks(Func<IReadOnlyList<SinkStatus>> statuses) => _sinks = statuses;

    public void RecordsRead(long records, long compressedBytes, long uncompressedBytes)
    {
        _records.Add(records);
        _compressedBytes.Add(compressedBytes);
        _uncompressedBytes.Add(uncompressedBytes);
    }

    public void RecordsParsed(long records) => _recordsParsed.Add(records);

    public void ObjectFinished(bool succeeded, TimeSpan duration)
    {
        _objects.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"));
        _objectDuration.Record(duration.TotalSeconds);
    }

    /// <summary>The newest event of an object: feeds the lag histogram and the per account/region freshness gauge.</summary>
    public void NewestEvent(string account, string region, DateTimeOffset eventTime, DateTimeOffset now)
    {
        _eventLag.Record(Math.Max(0, (now - eventTime).TotalSeconds));
        var seconds = eventTime.ToUnixTimeSeconds();
        _newestEventTime.AddOrUpdate((account, region), seconds, (_, old) => Math.Max(old, seconds));
    }

    public void AlertDelivered(string ruleId, Severity severity, AlertKind kind) =>
        _alerts.Add(
            1,
            new KeyValuePair<string, object?>("rule_id", ruleId),
            new KeyValuePair<string, object?>("severity", SeverityNames.Name(severity)),
            new KeyValuePair<string, object?>("kind", AlertKindNames.Name(kind)));

    public void EvaluationError(string ruleId)
    {
        _evaluationErrors.Add(1, new KeyValuePair<string, object?>("rule_id", ruleId));
    }

    public void CorrelationEvent(string ruleId, string outcome, long count = 1) =>
        _correlationEvents.Add(count, new KeyValuePair<string, object?>("rule_id", ruleId), new KeyValuePair<string, object?>("outcome", outcome));

    public void ExceptionSuppressed(string ruleId, string exception)
    {
        _exceptionSuppressed.Add(1, new KeyValuePair<string, object?>("rule_id", ruleId), new KeyValuePair<string, object?>("exception", exception));
    }

    public void Notification(string format, string outcome) =>
        _notifications.Add(1, new KeyValuePair<string, object?>("format", format), new KeyValuePair<string, object?>("outcome", outcome));

    public void NotificationDelivered(TimeSpan latency) => _notificationLatency.Record(Math.Max(0, latency.TotalSeconds));

    public void DigestValidated(bool valid) => _digests.Add(1, new KeyValuePair<string, object?>("outcome", valid ? "valid" : "findings"));

    public void IntegrityFinding(string ruleId) => _integrityFindings.Add(1, new KeyValuePair<string, object?>("rule_id", ruleId));

    public void UnreadFetched() => _unreadFetched.Add(1);

    public void S3Retry() => _s3Retries.Add(1);

    public void S3Resumption() => _s3Resumptions.Add(1);

    public void LimitExceeded(string limit) => _limits.Add(1, new KeyValuePair<string, object?>("limit", limit));

    public void QueueMessages(string queue, string state, long count) => _queueMessages[(queue, state)] = count;

    private IEnumerable<Measurement<long>> ObserveNewestEventTimes() =>
        _newestEventTime.Select(e => new Measurement<long>(e.Value, new KeyValuePair<string, object?>("account_id", e.Key.Account), new KeyValuePair<string, object?>("region", e.Key.Region)));

    private IEnumerable<Measurement<long>> ObserveSinkDeliveries() => _sinks().SelectMany(s => new[]
    {
        new Measurement<long>(s.Delivered, new KeyValuePair<string, object?>("sink", s.Name), new KeyValuePair<string, object?>("outcome", "succeeded")),
        new Measurement<long>(s.Failed, new KeyValuePair<string, object?>("sink", s.Name), new KeyValuePair<string, object?>("outcome", "failed")),
    });

    private IEnumerable<Measurement<long>> ObserveQueueMessages() =>
        _queueMessages.Select(e => new Measurement<long>(e.Value, new KeyValuePair<string, object?>("queue", e.Key.Queue), new KeyValuePair<string, object?>("state", e.Key.State)));
}
