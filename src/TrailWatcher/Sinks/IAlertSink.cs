using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks;

/// <summary>A destination for alerts. A completed write means the alerts are accepted (flushed), so their objects may be acknowledged.</summary>
/// <remarks>
/// A write that fails is retried with the same alerts, so a sink must either accept all of them or none, or say
/// which it did not accept with <see cref="PartialDeliveryException"/>.
/// </remarks>
internal interface IAlertSink
{
    string Name { get; }

    /// <summary>Most alerts handed to one <see cref="WriteAsync"/>: one request's worth, so a retry repeats one request.</summary>
    /// <remarks><see cref="ResilientSink"/> cuts every delivery into pieces of this size; a sink never has to.</remarks>
    int MaxBatchSize => int.MaxValue;

    ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken);
}
