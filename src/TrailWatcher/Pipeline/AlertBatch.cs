using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Pipeline;

/// <summary>Alerts raised by one record batch, on their way to the sinks.</summary>
internal sealed record AlertBatch(ObjectWork Work, IReadOnlyList<Alert> Alerts);
