using TrailWatcher.Sinks;

namespace TrailWatcher.Tests.Support;

/// <summary>Resilience settings scaled down so an outage, a circuit opening and a recovery fit in a few seconds.</summary>
internal static class SinkTestOptions
{
    public static SinkResilienceOptions Fast() => new()
    {
        AttemptTimeoutSeconds = 5,
        RetryDelaySeconds = 0.02,
        MaxRetryDelaySeconds = 0.2,
        FailureRatio = 0.5,
        SamplingDurationSeconds = 1,
        MinimumThroughput = 2,
        BreakDurationSeconds = 0.5,
    };
}
