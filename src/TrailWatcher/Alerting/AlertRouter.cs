using System.Globalization;
using Microsoft.Extensions.Logging;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Evaluation;

namespace TrailWatcher.Alerting;

/// <summary>Between evaluation and the sinks: folds matches into dedup groups, holds them back below a rule's threshold, and turns closed groups into updates.</summary>
/// <remarks>
/// Only rules with a <c>dedup</c> block are grouped; every other match is its own alert. The router returns what is to
/// be emitted now; a match folded into a group emits nothing, so it holds no log object back.
/// </remarks>
internal sealed partial class AlertRouter(IDedupStore store, DedupOptions options, TimeProvider time, ILogger<AlertRouter> logger)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    public bool Enabled => options.Enabled;

    /// <summary>The records the matches produce now: alerts and signals raised, and updates of groups closed on the way.</summary>
    public async ValueTask<IReadOnlyList<Alert>> RouteAsync(IReadOnlyList<RuleMatch> matches, CancellationToken cancellationToken)
    {
        var emitted = new List<Alert>(matches.Count);
        foreach (var match in matches)
        {
            if (!options.Enabled || match.Rule.Dedup is null)
            {
                emitted.Add(Logged(match.Alert));
                continue;
            }

            var result = await AddAsync(match, cancellationToken).ConfigureAwait(false);
            foreach (var closed in result.Closed)
            {
                emitted.Add(Update(closed));
            }

            if (result.Raised is { } raised)
            {
                emitted.Add(Logged(raised.Template with
                {
                    Id = raised.AlertId,
                    Count = raised.Count,
                    FirstSeen = raised.FirstSeen,
                    LastSeen = raised.LastSeen,
                    EventIds = raised.EventIds,
                    DetectedAt = time.GetUtcNow(),
                }));
            }
        }

        return emitted;
    }

    /// <summary>Updates of the groups whose period has ended.</summary>
    public async ValueTask<IReadOnlyList<Alert>> CloseDueAsync(CancellationToken cancellationToken) =>
        options.Enabled ? Updates(await store.CloseDueAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false)) : [];

    /// <summary>At stop: updates of the open groups only this process holds, so every counted event stays findable.</summary>
    public async ValueTask<IReadOnlyList<Alert>> CloseOnStopAsync(CancellationToken cancellationToken) =>
        options.Enabled ? Updates(await store.CloseOnStopAsync(cancellationToken).ConfigureAwait(false)) : [];

    private List<Alert> Updates(IReadOnlyList<GroupSnapshot> closed) => [.. closed.Select(Update)];

    private Alert Update(GroupSnapshot closed)
    {
        var last = closed.EventIds.Count > 0 ? closed.EventIds[^1] : closed.Count.ToString(CultureInfo.InvariantCulture);
        return closed.Template with
        {
            Id = AlertId.ForUpdate(closed.AlertId, last),
            UpdateOf = closed.AlertId,
            Count = closed.Count,
            FirstSeen = closed.FirstSeen,
            LastSeen = closed.LastSeen,
            EventIds = closed.EventIds,
            DetectedAt = time.GetUtcNow(),
        };
    }

    private Alert Logged(Alert alert)
    {
        if (alert.Signal)
        {
            LogSignal(logger, alert.RuleId, alert.Id, alert.Count, alert.Actor);
        }

        return alert;
    }

    // A store that cannot be reached (Redis down) holds the match, and so its object, until it can: counting it
    // twice or not at all would both be wrong, and the object's message comes back if the service stops meanwhile.
    private async ValueTask<DedupResult> AddAsync(RuleMatch match, CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await store.AddAsync(match, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (attempt == 1)
                {
                    LogStoreFailing(logger, ex, match.Rule.Id);
                }

                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signal {RuleId} raised ({AlertId}, {Count} matches, actor {Actor})")]
    private static partial void LogSignal(ILogger logger, string ruleId, string alertId, int count, string? actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The dedup store cannot count a match of {RuleId}; retrying until it can (delivery waits meanwhile)")]
    private static partial void LogStoreFailing(ILogger logger, Exception exception, string ruleId);
}
