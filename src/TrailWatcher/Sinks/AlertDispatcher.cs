using Microsoft.Extensions.Logging;
using TrailWatcher.Alerting;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Sinks;

/// <summary>Fans every alert batch out to all configured sinks at once; the batch is accepted only when every sink accepted it.</summary>
/// <remarks>
/// Signals (and their updates) go only to sinks that include signals, and each sink takes only the alerts its route admits.
/// Each sink works through the batch on its own, so one that is down does not hold back the others and a sink that
/// already took the batch is not sent it again while another is retried. With resilient sinks (the service) delivery
/// only ends in success or cancellation; with fail-fast sinks (<c>scan</c>, tests) a failure becomes an
/// <see cref="AlertDeliveryException"/> that fails the objects.
/// </remarks>
internal sealed partial class AlertDispatcher : IAsyncDisposable
{
    private readonly IReadOnlyList<ResilientSink> _sinks;
    private readonly ILogger<AlertDispatcher> _logger;
    private readonly AccountNaming? _accounts;

    /// <summary>Fail-fast delivery: no retries, the first failure fails the batch; every sink takes signals (the one-shot <c>scan</c> shows all).</summary>
    /// <param name="sinks">The sinks.</param>
    /// <param name="logger">Logs each failed delivery.</param>
    /// <param name="time">Clock of the sinks' last-error times; the system clock when null.</param>
    public AlertDispatcher(IReadOnlyList<IAlertSink> sinks, ILogger<AlertDispatcher> logger, TimeProvider? time = null)
        : this([.. sinks.Select(s => ResilientSink.FailFast(s, time ?? TimeProvider.System, logger))], logger)
    {
    }

    /// <summary>Resilient delivery to <paramref name="sinks"/>; with <paramref name="accounts"/>, alerts are named by account before routes and sinks see them.</summary>
    public AlertDispatcher(IReadOnlyList<ResilientSink> sinks, ILogger<AlertDispatcher> logger, AccountNaming? accounts = null)
    {
        _sinks = sinks;
        _logger = logger;
        _accounts = accounts;
        Sinks = [.. sinks.Select(s => s.Sink)];
    }

    public IReadOnlyList<IAlertSink> Sinks { get; }

    /// <summary>Per-sink delivery state, for metrics and health checks.</summary>
    public IReadOnlyList<SinkStatus> Statuses => [.. _sinks.Select(s => s.Status)];

    /// <summary>Reasons the sinks cannot take alerts now, for readiness; empty when all can.</summary>
    public IEnumerable<string> Problems() => Statuses.Where(s => s.CircuitOpen).Select(s => $"alert sink '{s.Name}' is failing (circuit open)");

    public async ValueTask DeliverAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        if (alerts.Count == 0)
        {
            return;
        }

        // Every sink's path passes here, so this is the one place alerts get their account's names.
        alerts = _accounts?.Apply(alerts) ?? alerts;
        if (_sinks.Count == 1)
        {
            await DeliverToAsync(_sinks[0], alerts, cancellationToken).ConfigureAwait(false);
            return;
        }

        var deliveries = new Task[_sinks.Count];
        for (var i = 0; i < deliveries.Length; i++)
        {
            deliveries[i] = DeliverToAsync(_sinks[i], alerts, cancellationToken).AsTask();
        }

        await Task.WhenAll(deliveries).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sink in _sinks)
        {
            await sink.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask DeliverToAsync(ResilientSink sink, IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        if (!alerts.All(a => Takes(sink, a)))
        {
            alerts = [.. alerts.Where(a => Takes(sink, a))];
            if (alerts.Count == 0)
            {
                return;
            }
        }

        try
        {
            await sink.DeliverAsync(alerts, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSinkFailed(_logger, ex, sink.Sink.Name, alerts.Count);
            throw new AlertDeliveryException($"alert sink '{sink.Sink.Name}' failed: {ex.Message}", ex);
        }
    }

    // Per sink: a pager can take only critical alerts of production accounts while a file takes everything.
    private static bool Takes(ResilientSink sink, Alert alert) => (sink.IncludeSignals || !alert.Signal) && sink.Route.Admits(alert);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert sink {Sink} failed to accept {Count} alerts")]
    private static partial void LogSinkFailed(ILogger logger, Exception exception, string sink, int count);
}
