namespace TrailWatcher.Benchmarks.Running;

/// <summary>One goal of the performance plan, as this run measured it: met, missed, or not measured here (null).</summary>
internal sealed record GoalResult(int Goal, string Measured, bool? Met);
