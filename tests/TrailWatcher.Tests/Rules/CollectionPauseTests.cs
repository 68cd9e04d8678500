using System.Runtime;
using Xunit;
using TrailWatcher.Rules;

namespace TrailWatcher.Tests.Rules;

/// <summary>The pause around rule loading always ends, whether the load stayed within its budget, went past it, or ran inside another pause.</summary>
[Collection(nameof(CollectionPauseTests))]
[CollectionDefinition(nameof(CollectionPauseTests), DisableParallelization = true)]
public sealed class CollectionPauseTests
{
    [Fact]
    public void Pause_WithinBudget_HoldsOffCollectionsAndEnds()
    {
        using (CollectionPause.Start())
        {
            // Starting may collect once, to make room; nothing collects after that.
            var before = GC.CollectionCount(0);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            Allocate(megabytes: 4);
            Assert.Equal(before, GC.CollectionCount(0));
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void Pause_PastItsBudget_EndsWithoutThrowing()
    {
        var pause = CollectionPause.Start();
        Allocate(megabytes: 64);

        pause.Dispose();

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void Pause_InsideAnother_LeavesTheOuterOneToEnd()
    {
        using var outer = CollectionPause.Start();
        Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        using (CollectionPause.Start())
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            Allocate(megabytes: 1);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }

        Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    private static void Allocate(int megabytes)
    {
        var kept = new List<byte[]>();
        for (var i = 0; i < megabytes * 16; i++)
        {
            kept.Add(new byte[64 * 1024]);
        }

        GC.KeepAlive(kept);
    }
}
