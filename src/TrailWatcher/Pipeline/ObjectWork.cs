namespace TrailWatcher.Pipeline;

/// <summary>Tracks one log object through the stages, completing only when it was fully read, evaluated and its alerts delivered.</summary>
/// <remarks>
/// A reference count instead of per-stage flags: the reader holds one reference, every batch in flight holds one,
/// and the object is done when the count falls to zero. That is what lets a source acknowledge (delete an SQS
/// message, mark a file done) only after the last alert of the object was accepted by the sinks.
/// </remarks>
internal sealed class ObjectWork(LogObject logObject)
{
    private readonly TaskCompletionSource<ObjectOutcome> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending = 1;
    private long _records;
    private long _bytes;
    private int _alerts;
    private int _evaluationErrors;
    private Exception? _error;
    private bool _retryable;
    private string? _contentHash;

    public LogObject Object { get; } = logObject;

    /// <summary>When a reader picked the object up (a <see cref="TimeProvider"/> timestamp).</summary>
    public long StartedAt { get; set; }

    public Task<ObjectOutcome> Completion => _done.Task;

    public void Retain() => Interlocked.Increment(ref _pending);

    public void Release()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _done.TrySetResult(new ObjectOutcome(Object, Interlocked.Read(ref _records), Interlocked.Read(ref _bytes), Volatile.Read(ref _alerts), Volatile.Read(ref _evaluationErrors), Volatile.Read(ref _error), Volatile.Read(ref _retryable), Volatile.Read(ref _contentHash)));
        }
    }

    /// <summary>Records the first fault; later ones are consequences of it.</summary>
    public void Fail(Exception error) => Interlocked.CompareExchange(ref _error, error, null);

    /// <summary>Records that the object's alerts did not reach every sink: the object itself was fine, and reading it again later can succeed.</summary>
    public void FailDelivery(Exception error)
    {
        if (Interlocked.CompareExchange(ref _error, error, null) is null)
        {
            Volatile.Write(ref _retryable, true);
        }
    }

    /// <summary>Records the SHA-256 of the whole uncompressed content, once the reader reached its end.</summary>
    public void Hashed(string contentHash) => Volatile.Write(ref _contentHash, contentHash);

    public void Cancel() => _done.TrySetCanceled();

    public void AddRead(long records, long bytes)
    {
        Interlocked.Add(ref _records, records);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void AddAlerts(int count) => Interlocked.Add(ref _alerts, count);

    public void AddEvaluationError() => Interlocked.Increment(ref _evaluationErrors);
}
