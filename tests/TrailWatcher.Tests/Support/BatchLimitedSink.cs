using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks;

namespace TrailWatcher.Tests.Support;

/// <summary>A sink that takes a few alerts per write, keeps every write attempt, and fails the attempts a test picks.</summary>
internal sealed class BatchLimitedSink(int maxBatchSize) : IAlertSink
{
    private readonly List<IReadOnlyList<Alert>> _writes = [];

    public string Name => "limited";

    public int MaxBatchSize => maxBatchSize;

    /// <summary>Numbers (from 1) of the write attempts that fail.</summary>
    public HashSet<int> FailingWrites { get; } = [];

    public IReadOnlyList<IReadOnlyList<Alert>> Writes
    {
        get
        {
            lock (_writes)
            {
                return [.. _writes];
            }
        }
    }

    public ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        int attempt;
        lock (_writes)
        {
            _writes.Add([.. alerts]);
            attempt = _writes.Count;
        }

        if (alerts.Count > maxBatchSize)
        {
            throw new InvalidOperationException($"handed {alerts.Count} alerts, more than {maxBatchSize}");
        }

        return FailingWrites.Contains(attempt) ? ValueTask.FromException(new AlertSinkException($"write {attempt} refused", permanent: false)) : ValueTask.CompletedTask;
    }
}
