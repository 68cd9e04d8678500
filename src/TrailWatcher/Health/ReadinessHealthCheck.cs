using Microsoft.Extensions.Diagnostics.HealthChecks;
using TrailWatcher.Alerting;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Sinks;

namespace TrailWatcher.Health;

/// <summary>/readyz: rules are loaded, the source is reachable, the dedup store answers, and no alert sink has its circuit open.</summary>
internal sealed class ReadinessHealthCheck(RuleSet rules, ISourceReadiness source, AlertDispatcher sinks, IDedupStore dedup) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var enabled = rules.Enabled.Count;
        if (enabled == 0)
        {
            problems.Add("no enabled rules are loaded");
        }

        var sourceState = source.Check();
        if (sourceState.Status != HealthStatus.Healthy)
        {
            problems.Add(sourceState.Description ?? "the source is not reachable");
        }

        problems.AddRange(sinks.Problems());
        if (dedup.Problem is { } dedupProblem)
        {
            problems.Add(dedupProblem);
        }

        var data = new Dictionary<string, object> { ["enabled_rules"] = enabled, ["source"] = sourceState.Description ?? "" };
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"{enabled} rules; {sourceState.Description}", data)
            : HealthCheckResult.Unhealthy(string.Join("; ", problems), data: data));
    }
}
