using Microsoft.Extensions.Diagnostics.HealthChecks;
using TrailWatcher.Sources;

namespace TrailWatcher.Health;

/// <summary>The directory source is ready while its directory exists.</summary>
internal sealed class DirectoryReadiness(DirectoryPoller poller) : ISourceReadiness
{
    public HealthCheckResult Check() => Directory.Exists(poller.Directory)
        ? HealthCheckResult.Healthy($"watching {poller.Directory}")
        : HealthCheckResult.Unhealthy($"directory {poller.Directory} does not exist");
}
