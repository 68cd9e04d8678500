namespace TrailWatcher.Pipeline;

/// <summary>
/// Bytes of candidate records between the reading and the evaluation stage (<c>Pipeline:MaxCandidateBytes</c>): a
/// reader waits for room before it hands a batch on, an evaluator gives the room back once the batch is evaluated.
/// </summary>
/// <remarks>
/// The records channel bounds batches, not bytes: 64 batches of 256 records of up to 1 MiB each is 16 GiB, which a
/// log of large records (a crafted one, or policy documents) could fill. Waiters are served in order, and a batch
/// larger than the whole budget still goes through when nothing else is held, so no batch waits forever.
/// </remarks>
internal sealed class CandidateBudget(long maxBytes)
{
    private readonly LinkedList<(long Bytes, TaskCompletionSource Granted)> _waiting = new();
    private readonly Lock _gate = new();
    private long _held;

    /// <summary>Bytes handed on and not yet evaluated.</summary>
    public long Held
    {
        get
        {
            lock (_gate)
            {
                return _held;
            }
        }
    }

    /// <summary>Waits until <paramref name="bytes"/> fit in the budget, then holds them.</summary>
    public ValueTask TakeAsync(long bytes, CancellationToken cancellationToken)
    {
        LinkedListNode<(long, TaskCompletionSource)> node;
        lock (_gate)
        {
            if (_waiting.Count == 0 && Fits(bytes))
            {
                _held += bytes;
                return ValueTask.CompletedTask;
            }

            node = _waiting.AddLast((bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }

        return new ValueTask(WaitAsync(node, cancellationToken));
    }

    /// <summary>Gives back bytes taken earlier and lets waiting readers in, in order, while they fit.</summary>
    public void Return(long bytes)
    {
        List<TaskCompletionSource> granted = [];
        lock (_gate)
        {
            _held -= bytes;
            while (_waiting.First is { } first && Fits(first.Value.Bytes))
            {
                _held += first.Value.Bytes;
                granted.Add(first.Value.Granted);
                _waiting.RemoveFirst();
            }
        }

        foreach (var waiter in granted)
        {
            waiter.TrySetResult();
        }
    }

    private bool Fits(long bytes) => _held == 0 || _held + bytes <= maxBytes;

    private async Task WaitAsync(LinkedListNode<(long Bytes, TaskCompletionSource Granted)> node, CancellationToken cancellationToken)
    {
        await using var cancel = cancellationToken.Register(() =>
        {
            bool removed;
            lock (_gate)
            {
                removed = node.List is not null;
                if (removed)
                {
                    _waiting.Remove(node);
                }
            }

            // Granted just before the cancellation: the bytes are held, and the caller's cancellation path ends the pipeline anyway.
            if (removed)
            {
                node.Value.Granted.TrySetCanceled(cancellationToken);
            }
        }).ConfigureAwait(false);
        await node.Value.Granted.Task.ConfigureAwait(false);
    }
}
