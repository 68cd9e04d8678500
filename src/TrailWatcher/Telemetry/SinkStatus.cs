namespace TrailWatcher.Telemetry;

/// <summary>One sink's delivery state, for metrics and health: alerts delivered, failed attempts, and whether its circuit is open.</summary>
/// <remarks>Published by the sinks and read by metrics and readiness, so it lives where every folder may reach it.</remarks>
internal sealed record SinkStatus(string Name, bool CircuitOpen, long Delivered, long Failed, DateTimeOffset? LastError);
