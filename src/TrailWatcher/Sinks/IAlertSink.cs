using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks;

/// <summary>A destination for alerts. A completed write means the alerts are accepted (flushed), so their objects may be acknowledged.</summary>
internal interface IAlertSink
{
    string Name { get; }

    ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken);
}
