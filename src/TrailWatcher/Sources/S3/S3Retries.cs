using Polly;
using Polly.Retry;

namespace TrailWatcher.Sources.S3;

/// <summary>How every S3 call is retried: throttling, 5xx and network faults, with exponential back-off and jitter from <see cref="S3Options"/>.</summary>
internal static class S3Retries
{
    /// <summary>The retry settings, for a caller that adds its own reaction to a retry.</summary>
    /// <param name="options">Retries and first delay.</param>
    /// <param name="maxDelay">The longest wait between two attempts; none when null.</param>
    public static RetryStrategyOptions Strategy(S3Options options, TimeSpan? maxDelay) => new()
    {
        // One attempt is the least Polly takes; MaxRetries = 0 turns retrying off through ShouldHandle instead.
        MaxRetryAttempts = Math.Max(1, options.MaxRetries),
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = TimeSpan.FromSeconds(options.RetryBaseDelaySeconds),
        MaxDelay = maxDelay,
        ShouldHandle = new PredicateBuilder().Handle<Exception>(e => options.MaxRetries > 0 && S3ObjectOpener.IsTransient(e)),
    };

    /// <summary>A pipeline with just that retry.</summary>
    /// <param name="options">Retries and first delay.</param>
    /// <param name="maxDelay">The longest wait between two attempts; none when null.</param>
    public static ResiliencePipeline Pipeline(S3Options options, TimeSpan? maxDelay) =>
        new ResiliencePipelineBuilder().AddRetry(Strategy(options, maxDelay)).Build();
}
