using System.Diagnostics.Metrics;

namespace TrailWatcher.Cli;

/// <summary>The meter factory of one CLI run: the CLI reads its own totals and nobody scrapes it, so no container is built for it.</summary>
/// <remarks>Building a service provider only to get the stock factory cost every scan about 20 ms at start.</remarks>
internal sealed class CliMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
