using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks;

/// <summary>A sink accepted some alerts of a write and not the others; the next attempt sends only <see cref="Undelivered"/>.</summary>
internal sealed class PartialDeliveryException(IReadOnlyList<Alert> undelivered, Exception reason)
    : Exception($"{undelivered.Count} alerts not accepted: {reason.Message}", reason)
{
    public IReadOnlyList<Alert> Undelivered { get; } = undelivered;
}
