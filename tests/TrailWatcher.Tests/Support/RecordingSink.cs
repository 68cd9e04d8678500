using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks;

namespace TrailWatcher.Tests.Support;

/// <summary>A sink that keeps what it accepted and can be held shut or made to fail, to drive the pipeline's failure modes.</summary>
internal sealed class RecordingSink : IAlertSink
{
    private readonly List<Alert> _accepted = [];
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _gate = NewOpenGate();

    public string Name => "recording";

    public Exception? FailWith { get; set; }

    public int Writes { get; private set; }

    /// <summary>The most alerts one write carried.</summary>
    public int LargestWrite { get; private set; }

    /// <summary>Completes when the first write reached the sink, whether it is shut or not.</summary>
    public Task Reached => _reached.Task.WaitAsync(TimeSpan.FromSeconds(10));

    public IReadOnlyList<Alert> Accepted
    {
        get
        {
            lock (_accepted)
            {
                return [.. _accepted];
            }
        }
    }

    public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    public async ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        Writes++;
        LargestWrite = Math.Max(LargestWrite, alerts.Count);
        if (FailWith is not null)
        {
            throw FailWith;
        }

        lock (_accepted)
        {
            _accepted.AddRange(alerts);
        }
    }

    private static TaskCompletionSource NewOpenGate()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}
