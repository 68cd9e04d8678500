namespace TrailWatcher.Detection.Correlation;

/// <summary>One group of one correlation: its group-by values and its held events, sorted by event time.</summary>
/// <remarks>
/// Sliding windows: entries before <see cref="Processed"/> have been evaluated (their time is below the watermark), those
/// from <see cref="WindowStart"/> to <see cref="Processed"/> are in the current window and counted in <see cref="Measure"/>.
/// Fixed windows use only the sorted entries: the first one anchors the next window.
/// </remarks>
internal sealed class CorrelationGroup(CompiledCorrelation correlation, string[] values, string key)
{
    public CompiledCorrelation Correlation { get; } = correlation;

    public string[] Values { get; } = values;

    /// <summary>The values as one unambiguous text (each length-prefixed): the dictionary key and part of the alert id.</summary>
    public string Key { get; } = key;

    public List<CorrelationEntry> Entries { get; } = [];

    public int Processed { get; set; }

    public int WindowStart { get; set; }

    public WindowMeasure Measure { get; } = new(correlation.Rule.Type, correlation.Inputs.Count == 0 ? 1 : correlation.Inputs.Max(i => i.Position) + 1);

    /// <summary>The newest event time held, for eviction.</summary>
    public long LastTicks { get; set; } = long.MinValue;

    /// <summary>The watermark above which the group has work (the priority it was last queued with); queue entries with another priority are stale.</summary>
    public long WakeAt { get; set; } = long.MaxValue;

    public bool Removed { get; set; }

    /// <summary>The watermark the group next needs to pass: its first unevaluated event, its open window's end, or its expiry.</summary>
    public long NextWake()
    {
        var span = Correlation.SpanTicks;
        if (Entries.Count == 0)
        {
            return long.MaxValue;
        }

        if (Correlation.Tumbling)
        {
            return Entries[0].Ticks + span;
        }

        return Processed < Entries.Count ? Entries[Processed].Ticks : LastTicks + span;
    }
}
