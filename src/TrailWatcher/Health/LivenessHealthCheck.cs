using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TrailWatcher.Sources;

namespace TrailWatcher.Health;

/// <summary>/healthz: the source loop keeps turning. A loop stuck past the timeout is wedged and a restart is the cure.</summary>
internal sealed class LivenessHealthCheck(Heartbeat heartbeat, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var since = heartbeat.SinceLastBeat;
        var limit = TimeSpan.FromSeconds(options.Value.LivenessTimeoutSeconds);
        return Task.FromResult(since <= limit
            ? HealthCheckResult.Healthy($"source loop turned {since.TotalSeconds:F0} s ago")
            : HealthCheckResult.Unhealthy($"source loop has not turned for {since.TotalSeconds:F0} s (limit {limit.TotalSeconds:F0} s)"));
    }
}
