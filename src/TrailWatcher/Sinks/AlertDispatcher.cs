using Microsoft.Extensions.Logging;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks;

/// <summary>Fans every alert batch out to all configured sinks; the batch is accepted only when every sink accepted it.</summary>
internal sealed partial class AlertDispatcher(IReadOnlyList<IAlertSink> sinks, ILogger<AlertDispatcher> logger)
{
    public IReadOnlyList<IAlertSink> Sinks { get; } = sinks;

    /// <summary>Reasons the sinks cannot take alerts now, for readiness; empty when all can.</summary>
    public IEnumerable<string> Problems() => [];

    public async ValueTask DeliverAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        foreach (var sink in Sinks)
        {
            try
            {
                await sink.WriteAsync(alerts, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSinkFailed(logger, ex, sink.Name, alerts.Count);
                throw new AlertDeliveryException($"alert sink '{sink.Name}' failed: {ex.Message}", ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert sink {Sink} failed to accept {Count} alerts")]
    private static partial void LogSinkFailed(ILogger logger, Exception exception, string sink, int count);
}
