namespace TrailWatcher.Pipeline;

/// <summary>Candidate records of one object handed from a reader to an evaluator.</summary>
internal sealed class RecordBatch(ObjectWork work)
{
    public ObjectWork Work { get; } = work;

    public List<CandidateRecord> Records { get; } = [];
}
