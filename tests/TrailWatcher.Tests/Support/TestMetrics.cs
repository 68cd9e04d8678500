using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Tests.Support;

/// <summary>A <see cref="TrailWatcherMetrics"/> on its own meter factory, for in-process pipelines.</summary>
internal static class TestMetrics
{
    public static TrailWatcherMetrics Create() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
