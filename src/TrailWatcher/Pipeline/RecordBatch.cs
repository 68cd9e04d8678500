namespace TrailWatcher.Pipeline;

/// <summary>Candidate records of one object handed from a reader to an evaluator.</summary>
internal sealed class RecordBatch(ObjectWork work, long createdAt)
{
    public ObjectWork Work { get; } = work;

    /// <summary>When the first record went in (a <see cref="TimeProvider"/> timestamp).</summary>
    public long CreatedAt { get; } = createdAt;

    public List<CandidateRecord> Records { get; } = [];

    /// <summary>Bytes of the records' JSON, counted against <see cref="CandidateBudget"/>.</summary>
    public long Bytes { get; set; }
}
