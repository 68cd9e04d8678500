using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TrailWatcher.Health;

/// <summary>Whether the configured source can deliver work: the queue answers, or the directory exists.</summary>
internal interface ISourceReadiness
{
    HealthCheckResult Check();
}
