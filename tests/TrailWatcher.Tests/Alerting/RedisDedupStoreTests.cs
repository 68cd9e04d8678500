using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TrailWatcher.Alerting;
using TrailWatcher.Detection.Alerts;
using Xunit;
using static TrailWatcher.Tests.Alerting.TestMatches;

namespace TrailWatcher.Tests.Alerting;

/// <summary>Two routers sharing one real Redis stand for two replicas of the service.</summary>
public sealed class RedisDedupStoreTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public async Task Problem_ReportsARedisThatDoesNotAnswer()
    {
        await using var connected = RedisDedupStore.Connect(redis.ConnectionString, "test:");
        await using var unreachable = RedisDedupStore.Connect("127.0.0.1:1,connectTimeout=200", "test:");

        Assert.Null(connected.Problem);
        Assert.Contains("127.0.0.1:1", unreachable.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoReplicas_OneGroup_OneAlertCountsAddUpOneUpdate()
    {
        var rule = Rule();
        var prefix = $"test:{Guid.NewGuid():N}:";
        await using var storeA = RedisDedupStore.Connect(redis.ConnectionString, prefix);
        await using var storeB = RedisDedupStore.Connect(redis.ConnectionString, prefix);
        var replicaA = Router(storeA, prefix);
        var replicaB = Router(storeB, prefix);

        var emitted = new List<Alert>();
        emitted.AddRange(await replicaA.RouteAsync([Match(rule, "e1", eventTime: "2024-01-15T10:00:00Z")], default));
        emitted.AddRange(await replicaB.RouteAsync([Match(rule, "e2", eventTime: "2024-01-15T10:01:00Z"), Match(rule, "e3", eventTime: "2024-01-15T10:02:00Z")], default));
        emitted.AddRange(await replicaA.RouteAsync([Match(rule, "e4", eventTime: "2024-01-15T10:03:00Z")], default));
        emitted.AddRange(await replicaB.CloseOnStopAsync(default));
        _time.Advance(TimeSpan.FromMinutes(59));
        emitted.AddRange(await replicaA.CloseDueAsync(default));
        _time.Advance(TimeSpan.FromMinutes(1));
        var closes = await Task.WhenAll(replicaA.CloseDueAsync(default).AsTask(), replicaB.CloseDueAsync(default).AsTask());
        emitted.AddRange(closes.SelectMany(c => c));

        var alert = Assert.Single(Of(AlertKind.Alert, emitted));
        Assert.Equal(AlertId.For(rule.Id, "e1"), alert.Id);
        Assert.Equal(["e1"], alert.EventIds);
        var update = Assert.Single(Of(AlertKind.Update, emitted));
        Assert.Equal(alert.Id, update.UpdateOf);
        Assert.Equal(4, update.Count);
        Assert.Equal(["e2", "e3", "e4"], update.EventIds);
        Assert.Equal("2024-01-15T10:00:00Z", update.FirstSeen);
        Assert.Equal("2024-01-15T10:03:00Z", update.LastSeen);
        Assert.Equal(rule.Title, update.Title);
    }

    [Fact]
    public async Task TwoReplicas_Threshold_RaisedOnceByWhicheverCountsTheNthMatch()
    {
        var rule = Rule(threshold: 3);
        var prefix = $"test:{Guid.NewGuid():N}:";
        await using var storeA = RedisDedupStore.Connect(redis.ConnectionString, prefix);
        await using var storeB = RedisDedupStore.Connect(redis.ConnectionString, prefix);
        var replicaA = Router(storeA, prefix);
        var replicaB = Router(storeB, prefix);

        var first = await replicaA.RouteAsync([Match(rule, "e1"), Match(rule, "e2")], default);
        var third = await replicaB.RouteAsync([Match(rule, "e3")], default);

        Assert.Empty(first);
        var alert = Assert.Single(third);
        Assert.Equal(["e1", "e2", "e3"], alert.EventIds);
        Assert.Equal(AlertId.For(rule.Id, "e1"), alert.Id);
        Assert.Equal("e1", alert.EventId);
    }

    [Fact]
    public async Task BelowThreshold_PeriodEnds_NoReplicaEmitsAnything()
    {
        var rule = Rule(threshold: 5);
        var prefix = $"test:{Guid.NewGuid():N}:";
        await using var store = RedisDedupStore.Connect(redis.ConnectionString, prefix);
        var router = Router(store, prefix);

        await router.RouteAsync([Match(rule, "e1"), Match(rule, "e2")], default);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Empty(await router.CloseDueAsync(default));
        Assert.Empty(await router.RouteAsync([Match(rule, "e3")], default));
    }

    private AlertRouter Router(IDedupStore store, string prefix) =>
        new(store, new DedupOptions { Redis = redis.ConnectionString, KeyPrefix = prefix }, _time, NullLogger<AlertRouter>.Instance);
}
