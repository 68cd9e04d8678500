using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Sinks;

/// <summary>How one sink retries and when it stops trying for a while (<c>TrailWatcher:Sinks:&lt;Sink&gt;:Resilience</c>).</summary>
/// <remarks>Retries never give up: an alert not delivered holds its object back until the sink recovers or the service stops.</remarks>
internal sealed class SinkResilienceOptions
{
    /// <summary>One attempt (one request) is abandoned after this long.</summary>
    [Range(0.01, 3_600)]
    public double AttemptTimeoutSeconds { get; set; } = 30;

    /// <summary>First retry delay; it doubles per attempt, with jitter.</summary>
    [Range(0.0, 3_600)]
    public double RetryDelaySeconds { get; set; } = 1;

    /// <summary>Longest delay between two attempts.</summary>
    [Range(0.0, 3_600)]
    public double MaxRetryDelaySeconds { get; set; } = 30;

    /// <summary>Share of failed attempts within the sampling window that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    [Range(0.5, 86_400)]
    public double SamplingDurationSeconds { get; set; } = 30;

    /// <summary>Attempts needed in the window before the failure ratio counts.</summary>
    [Range(2, 100_000)]
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>How long an open circuit rejects attempts before one trial attempt is let through.</summary>
    [Range(0.5, 86_400)]
    public double BreakDurationSeconds { get; set; } = 15;
}
