namespace TrailWatcher.Sinks;

/// <summary>One sink's delivery state, for metrics and health: alerts delivered, failed attempts, and whether its circuit is open.</summary>
internal sealed record SinkStatus(string Name, bool CircuitOpen, long Delivered, long Failed, DateTimeOffset? LastError);
