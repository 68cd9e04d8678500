using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks;

namespace TrailWatcher.Pipeline;

/// <summary>The delivery stage: matches are routed through dedup and written to the sinks by one task.</summary>
internal sealed partial class DetectionPipeline
{
    private const int MaxAlertsPerDelivery = 2048;

    // Each batch of matches can carry hundreds of events: a few queued batches keep the one delivery task busy, and a
    // rule matching most records cannot stack tens of thousands of them in memory ahead of it.
    private const int MaxAlertBatchesQueued = 8;

    // One task delivers, so sinks are never written from two places at once: matches as they come, and the updates
    // of closed dedup groups when the period timer ticks in between.
    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        var pending = new List<AlertBatch>();
        var produced = new List<int>();
        var alerts = new List<Alert>();
        using var timer = _router.Enabled || _correlator is not null ? new PeriodicTimer(PeriodCheckInterval, _time) : null;
        var tick = timer?.WaitForNextTickAsync(cancellationToken).AsTask();
        var ready = _alerts.Reader.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            if (tick is not null && await Task.WhenAny(ready, tick).ConfigureAwait(false) == tick)
            {
                await tick.ConfigureAwait(false);
                await DeliverUpdatesAsync(await _router.CloseDueAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                await DeliverUpdatesAsync(await ObserveNewestAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                tick = timer!.WaitForNextTickAsync(cancellationToken).AsTask();
                continue;
            }

            if (!await ready.ConfigureAwait(false))
            {
                break;
            }

            // Drain what is ready so one sink write (and one fsync) serves many batches, up to a bound on the alerts
            // held at once: a rule matching half the records otherwise fills a round with tens of thousands of events.
            while (pending.Count < _options.ChannelCapacity && alerts.Count < MaxAlertsPerDelivery && _alerts.Reader.TryRead(out var batch))
            {
                pending.Add(batch);
                var before = alerts.Count;
                var matches = _correlator is null ? batch.Matches : await _correlator.FeedAsync(batch.Matches, batch.Work.Object.Name, alerts, cancellationToken).ConfigureAwait(false);
                var routed = await _router.RouteAsync(matches, cancellationToken).ConfigureAwait(false);
                alerts.AddRange(routed);
                produced.Add(alerts.Count - before);
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
                await CorrelationsDeliveredAsync(alerts, true, cancellationToken).ConfigureAwait(false);
            }
            catch (AlertDeliveryException ex)
            {
                foreach (var batch in pending)
                {
                    batch.Work.FailDelivery(ex);
                }

                await CorrelationsDeliveredAsync(alerts, false, cancellationToken).ConfigureAwait(false);
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

        // Input is drained (a scan's end, or a service stopping): open correlation windows are decided with what was
        // seen. Their state is in memory, so a stopping service would otherwise lose matches it had counted. (Shared
        // state is in Redis instead: the other replicas, or this one restarted, decide those windows.)
        if (_correlator is not null)
        {
            var decided = new List<Alert>();
            await _correlator.FlushAsync(decided, cancellationToken).ConfigureAwait(false);
            await DeliverUpdatesAsync(decided, cancellationToken).ConfigureAwait(false);
        }

        // Input is drained: every counted event must stay findable, so open groups this process holds are closed now.
        await DeliverUpdatesAsync(await _router.CloseOnStopAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    // Windows close as each account's newest eventTime read moves on, even while the rules they count are quiet.
    private async Task<List<Alert>> ObserveNewestAsync(CancellationToken cancellationToken)
    {
        var decided = new List<Alert>();
        if (_correlator is { FlushesAtEnd: false })
        {
            await _correlator.ObserveAsync(_newestEventTicks, decided, cancellationToken).ConfigureAwait(false);
        }

        return decided;
    }

    private ValueTask CorrelationsDeliveredAsync(IReadOnlyList<Alert> alerts, bool delivered, CancellationToken cancellationToken) =>
        _correlator is { IsShared: true } ? _correlator.DeliveredAsync(alerts, delivered, cancellationToken) : ValueTask.CompletedTask;

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
            await CorrelationsDeliveredAsync(updates, true, cancellationToken).ConfigureAwait(false);
        }
        catch (AlertDeliveryException ex)
        {
            // No object waits on an update; with retrying sinks this happens only when delivery is cancelled.
            LogUpdatesLost(_logger, ex, updates.Count);
            await CorrelationsDeliveredAsync(updates, false, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Delivered(IReadOnlyList<Alert> alerts)
    {
        foreach (var alert in alerts)
        {
            _metrics.AlertDelivered(alert.RuleId, alert.Severity, alert.Kind);
        }
    }
}
