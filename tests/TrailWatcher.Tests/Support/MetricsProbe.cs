using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Tests.Support;

/// <summary>A <see cref="TrailWatcherMetrics"/> on a meter factory of its own, whose gauges a test reads as a scrape would.</summary>
internal sealed class MetricsProbe : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _values = new(StringComparer.Ordinal);

    public MetricsProbe()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        Metrics = new TrailWatcherMetrics(factory);
        // Meters of other tests' factories share the name: only this factory's count.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => _values[instrument.Name] = value);
        _listener.Start();
    }

    public TrailWatcherMetrics Metrics { get; }

    /// <summary>Objects the pipeline accepted and has not finished (<c>trailwatcher.objects.in_flight</c>).</summary>
    public int ObjectsInFlight
    {
        get
        {
            _listener.RecordObservableInstruments();
            return (int)_values.GetValueOrDefault("trailwatcher.objects.in_flight");
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
