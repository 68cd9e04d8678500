using System.Text.Json;
using Microsoft.Extensions.Logging;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Correlation;

namespace TrailWatcher.Alerting;

/// <summary>Correlations shared by replicas: inputs go through the Redis log, and one replica delivers each decided alert.</summary>
internal sealed partial class Correlator
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TrimInterval = TimeSpan.FromMinutes(1);

    private readonly RedisCorrelationLog? _log;
    private readonly string _writer = Guid.NewGuid().ToString("N");
    private readonly List<CorrelationLogEntry> _outgoing = [];
    private readonly Dictionary<string, long> _published = new(StringComparer.Ordinal);

    // Alerts whose lease another replica holds: asked about again once that lease may have run out.
    private readonly List<(Alert Alert, DateTimeOffset AskAt)> _waiting = [];

    // Alerts this replica holds the lease for and has handed to delivery, by id.
    private readonly HashSet<string> _leased = new(StringComparer.Ordinal);
    private DateTimeOffset _trimmedAt = DateTimeOffset.MinValue;

    /// <summary>True when correlation state lives in the log replicas share.</summary>
    public bool IsShared => _log is not null;

    /// <summary>After the sinks took (or failed to take) a delivery: decided alerts delivered are marked sent; failed ones are offered again.</summary>
    public async ValueTask DeliveredAsync(IReadOnlyList<Alert> alerts, bool delivered, CancellationToken cancellationToken)
    {
        if (_log is null || _leased.Count == 0)
        {
            return;
        }

        var ours = alerts.Where(a => _leased.Remove(a.Id)).ToList();
        if (!delivered)
        {
            _waiting.AddRange(ours.Select(a => (a, _time.GetUtcNow())));
            return;
        }

        await RetryAsync(() => _log.MarkSentAsync(ours.Select(a => a.Id)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The longest timespan plus the lateness, and an hour: entries older than that decide no open window.</summary>
    private static TimeSpan Retention(CorrelationSet set, TimeSpan lateness) =>
        set.Correlations.Max(c => c.Timespan) + lateness + TimeSpan.FromHours(1);

    private void Publish(string account, long ticks)
    {
        if (!_published.TryGetValue(account, out var published) || ticks > published)
        {
            _published[account] = ticks;
            _outgoing.Add(new CorrelationLogEntry(_writer, account, ticks));
        }
    }

    // Append what this replica has, then apply everything new in the log, in log order: the same steps in the same order
    // on every replica give the same decisions. Redis being away holds delivery, as the dedup store does.
    private async Task SyncAsync(string source, List<Alert> alerts, CancellationToken cancellationToken)
    {
        var log = _log!;
        if (_outgoing.Count > 0)
        {
            var outgoing = _outgoing.ToList();
            await RetryAsync(() => log.AppendAsync(outgoing), cancellationToken).ConfigureAwait(false);
            _outgoing.Clear();
        }

        var entries = await RetryAsync(log.ReadNewAsync, cancellationToken).ConfigureAwait(false);
        var decided = new List<Alert>();
        foreach (var entry in entries)
        {
            var engine = Engine(entry.Account);
            var time = new DateTimeOffset(entry.Ticks, TimeSpan.Zero);
            if (!entry.IsMatch)
            {
                Collect(engine.Observe(time), source, decided, reportsHere: entry.Writer == _writer);
                continue;
            }

            using var document = JsonDocument.Parse(entry.RecordJson ?? "{}");
            Collect(engine.Add(entry.RuleId!, document.RootElement, time, entry.EventId ?? ""), source, decided, reportsHere: entry.Writer == _writer);
        }

        var now = _time.GetUtcNow();
        for (var i = _waiting.Count - 1; i >= 0; i--)
        {
            if (_waiting[i].AskAt <= now)
            {
                decided.Add(_waiting[i].Alert);
                _waiting.RemoveAt(i);
            }
        }

        foreach (var alert in decided)
        {
            switch (await RetryAsync(() => log.ClaimAsync(alert.Id, _writer), cancellationToken).ConfigureAwait(false))
            {
                case 1:
                    _leased.Add(alert.Id);
                    alerts.Add(alert);
                    break;
                case 2:
                    _waiting.Add((alert, now + RedisCorrelationLog.Lease));
                    break;
                default:
                    LogSentElsewhere(_logger, alert.RuleId, alert.Id);
                    break;
            }
        }

        if (now - _trimmedAt >= TrimInterval)
        {
            _trimmedAt = now;
            await RetryAsync(() => log.TrimAsync(now), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task RetryAsync(Func<Task> step, CancellationToken cancellationToken) =>
        RetryAsync(async () =>
        {
            await step().ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task<T> RetryAsync<T>(Func<Task<T>> step, CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (attempt == 1)
                {
                    LogLogFailing(_logger, ex);
                }

                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared correlation log (Redis) cannot be reached; retrying until it can (delivery waits meanwhile)")]
    private static partial void LogLogFailing(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Correlation {RuleId} alert {AlertId} was delivered by another replica")]
    private static partial void LogSentElsewhere(ILogger logger, string ruleId, string alertId);
}
