using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Alerting;

/// <summary>
/// Feeds the matches of rules that correlations refer to into the event-time engine, turns what it decides into alerts,
/// and holds back the matches of rules that only feed correlations (<c>generate: false</c>).
/// </summary>
/// <remarks>Not thread-safe: the pipeline's single delivery task calls it.</remarks>
internal sealed partial class Correlator
{
    // A one-shot scan decides nothing until its input ends: with no lateness bound, no event is ever late.
    private static readonly TimeSpan Unbounded = TimeSpan.FromDays(365 * 100);

    // How far ahead of this host's clock an eventTime may be: one record dated years ahead would otherwise move the
    // watermark past everything real, and every later match would be late.
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromHours(1);

    private readonly CorrelationSet _set;
    private readonly Detection.Correlation.CorrelationOptions _options;

    // One engine, and so one watermark, per account: each account's trail is delivered on its own, and the newest
    // eventTime of one (a live account beside a backlog being replayed) must not make another's matches late.
    private readonly Dictionary<string, CorrelationEngine> _engines = new(StringComparer.Ordinal);
    private readonly TrailWatcherMetrics _metrics;
    private readonly CorrelationAlertDecider _decider;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _evicted;

    private Correlator(CorrelationSet set, TimeSpan lateness, int maxGroups, TrailWatcherMetrics metrics, TimeProvider time, ILogger logger, CorrelationTuningSet? tuning, RedisCorrelationLog? log = null)
    {
        _log = log;
        _decider = new CorrelationAlertDecider(tuning ?? CorrelationTuningSet.Empty);
        FlushesAtEnd = lateness == Unbounded;
        _set = set;
        _options = new Detection.Correlation.CorrelationOptions { AllowedLateness = lateness, MaxGroups = maxGroups };
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>True for a one-shot scan: no window is decided before the input ends, so no match is ever late.</summary>
    public bool FlushesAtEnd { get; }

    /// <summary>For the service: windows are decided as the newest eventTime moves past them, less the allowed lateness.</summary>
    /// <remarks>With <paramref name="shared"/> (a Redis connection and key prefix) the replicas build their correlations from one log.</remarks>
    public static Correlator? ForService(CorrelationSet set, CorrelationServiceOptions options, TrailWatcherMetrics metrics, TimeProvider time, ILogger logger, CorrelationTuningSet? tuning = null, (IConnectionMultiplexer Redis, string Prefix)? shared = null)
    {
        if (set.Correlations.Count == 0)
        {
            return null;
        }

        var lateness = TimeSpan.FromMinutes(options.AllowedLatenessMinutes);
        var log = shared is var (redis, prefix) ? new RedisCorrelationLog(redis, prefix, Retention(set, lateness)) : null;
        return new Correlator(set, lateness, options.MaxGroups, metrics, time, logger, tuning, log);
    }

    /// <summary>For <c>scan</c>: every window is decided when the input ends, so file order cannot change the result.</summary>
    public static Correlator? ForScan(CorrelationSet set, TrailWatcherMetrics metrics, TimeProvider time, ILogger logger, CorrelationTuningSet? tuning = null) =>
        set.Correlations.Count == 0 ? null : new Correlator(set, Unbounded, 10_000_000, metrics, time, logger, tuning);

    /// <summary>Hands in a batch's matches; returns those still to be routed as alerts of their own, and adds decided correlations to <paramref name="alerts"/>.</summary>
    public async ValueTask<IReadOnlyList<RuleMatch>> FeedAsync(IReadOnlyList<RuleMatch> matches, string source, List<Alert> alerts, CancellationToken cancellationToken)
    {
        List<RuleMatch>? kept = null;
        string? account = null;
        for (var i = 0; i < matches.Count; i++)
        {
            var match = matches[i];
            if (!_set.IsReferenced(match.Rule.Id))
            {
                kept?.Add(match);
                continue;
            }

            // Every match of a batch comes from the same object, so its key is taken apart once.
            account ??= TrailLocation.From(source).Account;
            Add(account, match, source, alerts);
            if (_set.IsInputOnly(match.Rule.Id))
            {
                kept ??= [.. matches.Take(i)];
            }
            else
            {
                kept?.Add(match);
            }
        }

        if (_log is not null)
        {
            await SyncAsync(source, alerts, cancellationToken).ConfigureAwait(false);
        }

        return kept ?? matches;
    }

    /// <summary>Moves each account's watermark with the newest eventTime read from its trail, so windows close while the rules they count are quiet.</summary>
    public async ValueTask ObserveAsync(IEnumerable<KeyValuePair<string, long>> newestTicks, List<Alert> alerts, CancellationToken cancellationToken)
    {
        var limit = _time.GetUtcNow() + MaxClockSkew;
        foreach (var (account, ticks) in newestTicks)
        {
            var newest = new DateTimeOffset(ticks, TimeSpan.Zero);
            if (newest > limit)
            {
                continue;
            }

            if (_log is not null)
            {
                Publish(account, ticks);
            }
            else if (_engines.TryGetValue(account, out var engine))
            {
                Collect(engine.Observe(newest), "correlation", alerts);
            }
        }

        if (_log is not null)
        {
            await SyncAsync("correlation", alerts, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// End of input: every open window is decided. With a shared log nothing is decided early: the other replicas go on,
    /// and this one, restarted, reads its state back from the log.
    /// </summary>
    public async ValueTask FlushAsync(List<Alert> alerts, CancellationToken cancellationToken)
    {
        if (_log is not null)
        {
            await SyncAsync("correlation", alerts, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var engine in _engines.Values)
        {
            Collect(engine.Flush(), "correlation", alerts);
        }
    }

    private CorrelationEngine Engine(string account)
    {
        if (!_engines.TryGetValue(account, out var engine))
        {
            _engines[account] = engine = new CorrelationEngine(_set, _options);
        }

        return engine;
    }

    private void Add(string account, RuleMatch match, string source, List<Alert> alerts)
    {
        if (match.RecordJson.IsEmpty || match.EventId is not { } eventId || !TryTime(match.EventTime, out var eventTime))
        {
            // Without its record, eventID or eventTime a match cannot be placed in a window.
            _metrics.CorrelationEvent(match.Rule.Id, "unplaced");
            LogUnplaced(_logger, match.Rule.Id, source);
            return;
        }

        if (!FlushesAtEnd && eventTime > _time.GetUtcNow() + MaxClockSkew)
        {
            _metrics.CorrelationEvent(match.Rule.Id, "future");
            LogFuture(_logger, match.Rule.Id, eventId, eventTime);
            return;
        }

        if (_log is not null)
        {
            _outgoing.Add(new CorrelationLogEntry(_writer, account, eventTime.UtcTicks, match.Rule.Id, eventId, Encoding.UTF8.GetString(match.RecordJson.Span)));
            return;
        }

        if (match.Projected is { } fields)
        {
            Collect(Engine(account).Add(match.Rule.Id, fields, eventTime, eventId), source, alerts);
            return;
        }

        // An evaluator built without the set's projections (tests, tools) hands the record only.
        using var document = JsonDocument.Parse(match.RecordJson);
        Collect(Engine(account).Add(match.Rule, document.RootElement, eventTime, eventId), source, alerts);
    }

    // With a shared log every replica decides the same matches at the same entry; only the replica that wrote that entry
    // (reportsHere) reports what was late or silenced, so each is counted once.
    private void Collect(CorrelationResult result, string source, List<Alert> alerts, bool reportsHere = true)
    {
        // Plain branches, not LINQ filters: this runs for every match a correlation reads.
        if (reportsHere)
        {
            foreach (var late in result.Late)
            {
                _metrics.CorrelationEvent(late.RuleId, "late");
                LogLate(_logger, late.RuleId, late.EventId, late.EventTime, late.Watermark);
            }
        }

        foreach (var decided in result.Matches)
        {
            // Tuning (off, severity, signal, exceptions on the group) is applied by the library's decider; here it is only reported.
            var decision = _decider.Decide(decided, source, _time.GetUtcNow());
            if (reportsHere)
            {
                if (decision.SilencedBy is { } exception)
                {
                    ExceptionReports.Silenced(_metrics, _logger, decided.Correlation.Id, decided.FirstEventId, source, exception);
                }

                foreach (var expired in decision.ExpiredExceptions)
                {
                    ExceptionReports.Expired(_logger, decided.Correlation.Id, expired);
                }

                foreach (var error in decision.Errors)
                {
                    ExceptionReports.Undecided(_metrics, _logger, error, source);
                }
            }

            if (decision.Alert is { } alert)
            {
                alerts.Add(alert);
            }
        }

        long evicted = 0;
        foreach (var engine in _engines.Values)
        {
            evicted += engine.EvictedGroups;
        }

        if (evicted > _evicted)
        {
            _metrics.CorrelationEvent("*", "evicted", evicted - _evicted);
            LogEvicted(_logger, evicted - _evicted);
            _evicted = evicted;
        }
    }

    private static bool TryTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Correlation input from {RuleId} arrived after the allowed lateness and was not counted (event {EventId} at {EventTime:O}, watermark {Watermark:O})")]
    private static partial void LogLate(ILogger logger, string ruleId, string eventId, DateTimeOffset eventTime, DateTimeOffset watermark);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A match of {RuleId} in {Source} has no eventID or eventTime, so no correlation can count it")]
    private static partial void LogUnplaced(ILogger logger, string ruleId, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A match of {RuleId} is dated ahead of this host's clock by more than an hour (event {EventId} at {EventTime:O}); no correlation counts it")]
    private static partial void LogFuture(ILogger logger, string ruleId, string eventId, DateTimeOffset eventTime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} correlation groups were dropped to stay within TrailWatcher:Correlation:MaxGroups")]
    private static partial void LogEvicted(ILogger logger, long count);
}
