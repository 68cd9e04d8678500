using Microsoft.Extensions.Logging.Abstractions;
using TrailWatcher.Alerting;

namespace TrailWatcher.Tests.Support;

/// <summary>Alert routers for in-process tests.</summary>
internal static class Routers
{
    /// <summary>Dedup off: every match is its own alert.</summary>
    public static AlertRouter Disabled() => InMemory(TimeProvider.System, enabled: false);

    public static AlertRouter InMemory(TimeProvider time, bool enabled = true, int maxGroups = 100_000) =>
        new(new InMemoryDedupStore(maxGroups), new DedupOptions { Enabled = enabled, MaxGroups = maxGroups }, time, NullLogger<AlertRouter>.Instance);
}
