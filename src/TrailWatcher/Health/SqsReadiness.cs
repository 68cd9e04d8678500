using Microsoft.Extensions.Diagnostics.HealthChecks;
using TrailWatcher.Sources.Sqs;

namespace TrailWatcher.Health;

/// <summary>The SQS source is ready once the queue has answered and while it keeps answering.</summary>
internal sealed class SqsReadiness(QueueMonitor monitor, SqsPoller poller) : ISourceReadiness
{
    public HealthCheckResult Check()
    {
        if (poller.LastReceiveError is { } receiveError)
        {
            return HealthCheckResult.Unhealthy($"receiving from the queue fails: {receiveError}");
        }

        if (monitor.LastError is { } error)
        {
            return HealthCheckResult.Unhealthy($"queue unreachable: {error}");
        }

        return monitor.LastReachable is null && !poller.HasReceived
            ? HealthCheckResult.Unhealthy("the queue has not answered yet")
            : HealthCheckResult.Healthy("queue reachable");
    }
}
