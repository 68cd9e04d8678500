using System.Diagnostics.Metrics;

namespace TrailWatcher.Telemetry;

/// <summary>Running totals for summaries and stop messages, gathered by listening to TrailWatcher's own instruments, so the instruments stay instruments.</summary>
internal sealed class RunningTotals : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _objects;
    private long _records;
    private long _parsed;
    private long _uncompressedBytes;
    private long _alerts;
    private long _signals;
    private long _updates;
    private long _evaluationErrors;
    private long _suppressed;

    public RunningTotals(TrailWatcherMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument is Counter<long>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    public long Objects => Interlocked.Read(ref _objects);

    public long Records => Interlocked.Read(ref _records);

    /// <summary>Records parsed and evaluated: those the index could not rule out.</summary>
    public long Parsed => Interlocked.Read(ref _parsed);

    public long UncompressedBytes => Interlocked.Read(ref _uncompressedBytes);

    /// <summary>Alerts delivered (kind alert), without signals and updates.</summary>
    public long Alerts => Interlocked.Read(ref _alerts);

    public long Signals => Interlocked.Read(ref _signals);

    public long Updates => Interlocked.Read(ref _updates);

    public long EvaluationErrors => Interlocked.Read(ref _evaluationErrors);

    /// <summary>Matches that tuning exceptions silenced.</summary>
    public long Suppressed => Interlocked.Read(ref _suppressed);

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case "trailwatcher.objects.processed":
                Interlocked.Add(ref _objects, value);
                break;
            case "trailwatcher.records.read":
                Interlocked.Add(ref _records, value);
                break;
            case "trailwatcher.records.parsed":
                Interlocked.Add(ref _parsed, value);
                break;
            case "trailwatcher.read.uncompressed":
                Interlocked.Add(ref _uncompressedBytes, value);
                break;
            case "trailwatcher.rule.evaluation_errors":
                Interlocked.Add(ref _evaluationErrors, value);
                break;
            case "trailwatcher.exception.suppressed":
                Interlocked.Add(ref _suppressed, value);
                break;
            case "trailwatcher.alerts":
                Interlocked.Add(ref KindTotal(tags), value);
                break;
        }
    }

    private ref long KindTotal(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "kind")
            {
                switch (tag.Value as string)
                {
                    case "signal":
                        return ref _signals;
                    case "update":
                        return ref _updates;
                }
            }
        }

        return ref _alerts;
    }
}
