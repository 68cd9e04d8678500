namespace TrailWatcher.Detection.Correlation;

/// <summary>One group of one correlation: its group-by values and its held events, sorted by event time.</summary>
/// <remarks>
/// Sliding windows: entries before <see cref="Processed"/> have been evaluated (their time is below the watermark), those
/// from <see cref="WindowStart"/> to <see cref="Processed"/> are in the current window and counted in <see cref="Measure"/>.
/// Fixed windows: the entry at <see cref="WindowStart"/> anchors the next window. Entries before <see cref="WindowStart"/>
/// are dead and dropped in bulk (<see cref="Compact"/>).
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

    /// <summary>True when no entry is held past <see cref="WindowStart"/> (those before it are consumed or expired).</summary>
    public bool IsEmpty => WindowStart >= Entries.Count;

    /// <summary>The watermark the group next needs to pass: its first unevaluated event, its open window's end, or its expiry.</summary>
    public long NextWake()
    {
        var span = Correlation.SpanTicks;
        if (IsEmpty)
        {
            return long.MaxValue;
        }

        if (Correlation.Tumbling)
        {
            return Entries[WindowStart].Ticks + span;
        }

        return Processed < Entries.Count ? Entries[Processed].Ticks : LastTicks + span;
    }

    /// <summary>
    /// Drops the entries before <see cref="WindowStart"/> once they are most of the list: removing them at every step
    /// would shift a long window's entries each time a new event arrives.
    /// </summary>
    public void Compact()
    {
        if (WindowStart == Entries.Count || (WindowStart >= 64 && WindowStart >= Entries.Count / 2))
        {
            Entries.RemoveRange(0, WindowStart);
            Processed -= WindowStart;
            WindowStart = 0;
        }
    }
}
