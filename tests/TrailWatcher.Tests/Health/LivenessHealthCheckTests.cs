using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TrailWatcher.Health;
using TrailWatcher.Sources;
using Xunit;

namespace TrailWatcher.Tests.Health;

public sealed class LivenessHealthCheckTests
{
    [Fact]
    public async Task Check_LoopStoppedTurningPastTheLimit_IsUnhealthyUntilItBeatsAgain()
    {
        var time = new FakeTimeProvider();
        var heartbeat = new Heartbeat(time);
        var check = new LivenessHealthCheck(heartbeat, Options.Create(new HealthOptions { LivenessTimeoutSeconds = 60 }));

        time.Advance(TimeSpan.FromSeconds(59));
        var fresh = await check.CheckHealthAsync(new HealthCheckContext());
        time.Advance(TimeSpan.FromSeconds(2));
        var stale = await check.CheckHealthAsync(new HealthCheckContext());
        heartbeat.Beat();
        var recovered = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Healthy, fresh.Status);
        Assert.Equal(HealthStatus.Unhealthy, stale.Status);
        Assert.Contains("61 s", stale.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, recovered.Status);
    }
}
