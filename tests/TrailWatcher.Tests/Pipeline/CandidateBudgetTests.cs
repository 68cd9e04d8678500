using TrailWatcher.Pipeline;
using Xunit;

namespace TrailWatcher.Tests.Pipeline;

public sealed class CandidateBudgetTests
{
    [Fact]
    public async Task Take_OverTheBudget_WaitsUntilEnoughIsReturned()
    {
        var budget = new CandidateBudget(100);
        await budget.TakeAsync(60, CancellationToken.None);

        var waiting = budget.TakeAsync(60, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);

        budget.Return(60);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(60, budget.Held);
    }

    [Fact]
    public async Task Take_LargerThanTheWholeBudget_PassesAloneRatherThanWaitForever()
    {
        var budget = new CandidateBudget(100);

        await budget.TakeAsync(500, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var next = budget.TakeAsync(1, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(next.IsCompleted);

        budget.Return(500);
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Take_Cancelled_LeavesTheQueueAndLetsTheNextIn()
    {
        var budget = new CandidateBudget(100);
        await budget.TakeAsync(100, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = budget.TakeAsync(80, cancel.Token).AsTask();
        var after = budget.TakeAsync(10, CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        budget.Return(100);

        await after.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(10, budget.Held);
    }
}
