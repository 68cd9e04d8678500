namespace TrailWatcher.Pipeline;

/// <summary>Running totals of what the pipeline has done, for summaries and progress.</summary>
internal sealed class PipelineStatistics
{
    private long _objects;
    private long _failedObjects;
    private long _records;
    private long _bytes;
    private long _candidates;
    private long _alerts;
    private long _evaluationErrors;

    public long Objects => Interlocked.Read(ref _objects);

    public long FailedObjects => Interlocked.Read(ref _failedObjects);

    public long Records => Interlocked.Read(ref _records);

    public long UncompressedBytes => Interlocked.Read(ref _bytes);

    public long Candidates => Interlocked.Read(ref _candidates);

    public long Alerts => Interlocked.Read(ref _alerts);

    public long EvaluationErrors => Interlocked.Read(ref _evaluationErrors);

    public void AddRecords(long records, long bytes)
    {
        Interlocked.Add(ref _records, records);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void AddCandidates(long count) => Interlocked.Add(ref _candidates, count);

    public void AddAlerts(long count) => Interlocked.Add(ref _alerts, count);

    public void AddEvaluationError() => Interlocked.Increment(ref _evaluationErrors);

    public void ObjectDone(bool failed)
    {
        Interlocked.Increment(ref _objects);
        if (failed)
        {
            Interlocked.Increment(ref _failedObjects);
        }
    }
}
