namespace TrailWatcher.Benchmarks.Latency;

/// <summary>One alert as the webhook receiver saw it: its rule, its event and when its request had fully arrived (Stopwatch ticks).</summary>
internal sealed record ReceivedAlert(string RuleId, string EventId, long ArrivedAt);
