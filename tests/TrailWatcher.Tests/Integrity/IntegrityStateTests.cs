using Microsoft.Extensions.Time.Testing;
using TrailWatcher.Integrity;
using Xunit;

namespace TrailWatcher.Tests.Integrity;

/// <summary>The ledger of processed objects and the chain and gap state, in memory and in a real Redis (shared by replicas).</summary>
public sealed class IntegrityStateTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Ledger_InMemory_KnowsAProcessedFileUntilTheRetentionEnds()
    {
        var time = new FakeTimeProvider(Start);
        var state = new InMemoryIntegrityState(TimeSpan.FromHours(3), time);

        await state.RecordAsync("s3://trail/a.json.gz", "abc", CancellationToken.None);
        time.Advance(TimeSpan.FromHours(2.9));
        var before = await state.HashOfAsync("s3://trail/a.json.gz", CancellationToken.None);
        time.Advance(TimeSpan.FromHours(0.2));
        var after = await state.HashOfAsync("s3://trail/a.json.gz", CancellationToken.None);

        Assert.Equal("abc", before);
        Assert.Null(after);
        Assert.Null(await state.HashOfAsync("s3://trail/never.json.gz", CancellationToken.None));
    }

    [Fact]
    public async Task Ledger_InMemory_ExpiredEntriesAreDropped_SoMemoryIsBoundedByTheRetention()
    {
        var time = new FakeTimeProvider(Start);
        var state = new InMemoryIntegrityState(TimeSpan.FromHours(1), time);
        for (var i = 0; i < 5000; i++)
        {
            await state.RecordAsync($"s3://trail/old-{i}.json.gz", "h", CancellationToken.None);
        }

        time.Advance(TimeSpan.FromHours(2));
        for (var i = 0; i < 5000; i++)
        {
            await state.RecordAsync($"s3://trail/new-{i}.json.gz", "h", CancellationToken.None);
        }

        Assert.InRange(state.LedgerCount, 5000, 5000 + 4096);
    }

    [Fact]
    public async Task Chains_InMemory_KeepTheLaterDigest_AndAGapOpensAndClosesOnce()
    {
        var state = new InMemoryIntegrityState(TimeSpan.FromHours(3), new FakeTimeProvider(Start));
        await StateBehavesAsOneAsync(state, state);
    }

    [Fact]
    public async Task SharedState_TwoReplicasOnOneRedis_SeeEachOthersLedgerChainsAndGaps()
    {
        await using var redis = await RedisServer.StartAsync();
        using var first = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        using var second = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var a = new RedisIntegrityState(first, "tw:", TimeSpan.FromHours(3));
        var b = new RedisIntegrityState(second, "tw:", TimeSpan.FromHours(3));

        await a.RecordAsync("s3://trail/a.json.gz", "abc", CancellationToken.None);

        Assert.Equal("abc", await b.HashOfAsync("s3://trail/a.json.gz", CancellationToken.None));
        Assert.Null(await b.HashOfAsync("s3://trail/b.json.gz", CancellationToken.None));
        await StateBehavesAsOneAsync(a, b);
    }

    private static async Task StateBehavesAsOneAsync(IIntegrityState one, IIntegrityState other)
    {
        const string Chain = "111122223333/us-east-1/t_us-east-1";
        var earlier = new DigestLink("s3://trail/d1", "h1", "s1", Start);
        var later = new DigestLink("s3://trail/d2", "h2", "s2", Start.AddHours(1));

        await one.KeepDigestAsync(Chain, later, CancellationToken.None);
        await other.KeepDigestAsync(Chain, earlier, CancellationToken.None);

        Assert.Equal(later, await other.LastDigestAsync(Chain, CancellationToken.None));
        Assert.Equal(Start.AddHours(1), (await one.ChainsAsync(CancellationToken.None))[Chain]);
        Assert.True(await one.OpenGapAsync(Chain, Start, CancellationToken.None));
        Assert.False(await other.OpenGapAsync(Chain, Start, CancellationToken.None));
        Assert.Equal(Start, await other.CloseGapAsync(Chain, CancellationToken.None));
        Assert.Null(await one.CloseGapAsync(Chain, CancellationToken.None));
    }
}
