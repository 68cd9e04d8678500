namespace TrailWatcher.Detection.Correlation;

/// <summary>The kinds of correlation the Sigma correlation rules specification (v2.0) defines.</summary>
public enum CorrelationType
{
    /// <summary><c>event_count</c>: how many matching events a group has within the timespan.</summary>
    EventCount,

    /// <summary><c>value_count</c>: how many distinct values of <c>condition.field</c> a group has within the timespan.</summary>
    ValueCount,

    /// <summary><c>temporal</c>: the referenced rules all match (in any order) within the timespan.</summary>
    Temporal,

    /// <summary><c>temporal_ordered</c>: the referenced rules match in the listed order within the timespan.</summary>
    TemporalOrdered,
}
