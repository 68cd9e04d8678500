using Microsoft.Extensions.Time.Testing;

namespace TrailWatcher.Tests.Support;

/// <summary>A <see cref="FakeTimeProvider"/> that also tells a test when the code under test starts waiting on it.</summary>
/// <remarks>
/// Moving a fake clock means something only once the code waits on it. A test asks for the next wait of a given
/// length before it acts (starts a loop, advances the clock) and then awaits it: once that completes, the code has
/// done everything it does before that wait, and no real time had to pass.
/// </remarks>
internal sealed class WatchedClock : FakeTimeProvider
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<(TimeSpan DueTime, TaskCompletionSource Started)> _expected = [];

    public WatchedClock()
        : base(new DateTimeOffset(2024, 1, 15, 11, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Completes when code next starts a delay or timer of <paramref name="dueTime"/> on this clock.</summary>
    public async Task NextWaitAsync(TimeSpan dueTime)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _expected.Add((dueTime, started));
        }

        try
        {
            await started.Task.WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"nothing started waiting {dueTime.TotalSeconds} s on the clock within {Patience.TotalSeconds} s");
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            foreach (var expected in _expected.Where(e => e.DueTime == dueTime).ToList())
            {
                expected.Started.TrySetResult();
                _expected.Remove(expected);
            }
        }

        return timer;
    }
}
