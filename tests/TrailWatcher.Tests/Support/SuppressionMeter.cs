using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Tests.Support;

/// <summary>Reads <c>trailwatcher.exception.suppressed</c> for one exception name, so tests running beside it do not interfere.</summary>
internal sealed class SuppressionMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byRule = new();

    public SuppressionMeter(string exception)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == TrailWatcherMetrics.MeterName && instrument.Name == "trailwatcher.exception.suppressed")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? rule = null;
            string? name = null;
            foreach (var tag in tags)
            {
                rule = tag.Key == "rule_id" ? tag.Value as string : rule;
                name = tag.Key == "exception" ? tag.Value as string : name;
            }

            if (name == exception && rule is not null)
            {
                _byRule.AddOrUpdate(rule, value, (_, total) => total + value);
            }
        });
        _listener.Start();
    }

    public long Count(string ruleId) => _byRule.GetValueOrDefault(ruleId);

    public void Dispose() => _listener.Dispose();
}
