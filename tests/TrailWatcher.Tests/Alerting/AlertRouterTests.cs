using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks;
using TrailWatcher.Tests.Support;
using Xunit;
using static TrailWatcher.Tests.Alerting.TestMatches;

namespace TrailWatcher.Tests.Alerting;

public sealed class AlertRouterTests
{
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public async Task Route_ThreeMatchesOfOneKey_OneAlertAndOneUpdateAtPeriodEnd()
    {
        var rule = Rule();
        var router = Routers.InMemory(_time);

        var first = await router.RouteAsync([Match(rule, "e1", eventTime: "2024-01-15T10:00:00Z")], default);
        _time.Advance(TimeSpan.FromMinutes(10));
        var later = await router.RouteAsync([Match(rule, "e2", eventTime: "2024-01-15T10:05:00Z"), Match(rule, "e3", eventTime: "2024-01-15T10:09:00Z")], default);
        var early = await router.CloseDueAsync(default);
        _time.Advance(TimeSpan.FromMinutes(50));
        var closing = await router.CloseDueAsync(default);

        var alert = Assert.Single(first);
        Assert.Equal(AlertKind.Alert, alert.Kind);
        Assert.Equal(AlertId.For(rule.Id, "e1"), alert.Id);
        Assert.Equal(1, alert.Count);
        Assert.Equal(["e1"], alert.EventIds);
        Assert.Equal("2024-01-15T10:00:00Z", alert.FirstSeen);
        Assert.Equal("2024-01-15T10:00:00Z", alert.LastSeen);
        Assert.Empty(later);
        Assert.Empty(early);
        var update = Assert.Single(closing);
        Assert.Equal(AlertKind.Update, update.Kind);
        Assert.Equal(alert.Id, update.UpdateOf);
        Assert.Equal(AlertId.ForUpdate(alert.Id, "e3"), update.Id);
        Assert.Equal(3, update.Count);
        Assert.Equal(["e2", "e3"], update.EventIds);
        Assert.Equal("2024-01-15T10:00:00Z", update.FirstSeen);
        Assert.Equal("2024-01-15T10:09:00Z", update.LastSeen);
        Assert.Equal(rule.Id, update.RuleId);
        Assert.Empty(await router.CloseOnStopAsync(default));
    }

    [Fact]
    public async Task Route_DifferentKeys_RaiseSeparateAlerts()
    {
        var rule = Rule();
        var router = Routers.InMemory(_time);

        var emitted = await router.RouteAsync([Match(rule, "e1", "bucket-a"), Match(rule, "e2", "bucket-b"), Match(rule, "e3", "bucket-a")], default);

        Assert.Equal(["e1", "e2"], emitted.Select(a => a.EventIds.Single()));
        Assert.All(emitted, a => Assert.Equal(AlertKind.Alert, a.Kind));
    }

    [Fact]
    public async Task Route_ThresholdThree_RaisesOnTheThirdWithAllThreeIds()
    {
        var rule = Rule(threshold: 3);
        var router = Routers.InMemory(_time);

        var two = await router.RouteAsync([Match(rule, "e1"), Match(rule, "e2")], default);
        var third = await router.RouteAsync([Match(rule, "e3")], default);

        Assert.Empty(two);
        var alert = Assert.Single(third);
        Assert.Equal(3, alert.Count);
        Assert.Equal(["e1", "e2", "e3"], alert.EventIds);
        Assert.Equal(AlertId.For(rule.Id, "e1"), alert.Id);
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Empty(await router.CloseDueAsync(default));
    }

    [Fact]
    public async Task CloseDue_PeriodEndsBelowThreshold_EmitsNothingAndStartsAfresh()
    {
        var rule = Rule(threshold: 3);
        var router = Routers.InMemory(_time);

        await router.RouteAsync([Match(rule, "e1"), Match(rule, "e2")], default);
        _time.Advance(TimeSpan.FromHours(1));
        var closed = await router.CloseDueAsync(default);
        var afterwards = await router.RouteAsync([Match(rule, "e3")], default);

        Assert.Empty(closed);
        Assert.Empty(afterwards);
    }

    [Fact]
    public async Task Route_MatchAfterThePeriodEndedBeforeTheTimer_ClosesTheOldGroupAndRaisesANewAlert()
    {
        var rule = Rule();
        var router = Routers.InMemory(_time);

        await router.RouteAsync([Match(rule, "e1"), Match(rule, "e2")], default);
        _time.Advance(TimeSpan.FromHours(1));
        var emitted = await router.RouteAsync([Match(rule, "e3")], default);

        Assert.Equal([AlertKind.Update, AlertKind.Alert], emitted.Select(a => a.Kind));
        Assert.Equal(["e2"], emitted[0].EventIds);
        Assert.Equal(AlertId.For(rule.Id, "e3"), emitted[1].Id);
    }

    [Fact]
    public async Task CloseOnStop_OpenGroups_EmitTheirUpdates()
    {
        var rule = Rule();
        var router = Routers.InMemory(_time);
        await router.RouteAsync([Match(rule, "a1", "bucket-a"), Match(rule, "a2", "bucket-a"), Match(rule, "b1", "bucket-b"), Match(rule, "c1", "bucket-c"), Match(rule, "c2", "bucket-c")], default);

        var updates = await router.CloseOnStopAsync(default);

        Assert.Equal(["a2", "c2"], updates.SelectMany(u => u.EventIds).Order(StringComparer.Ordinal));
        Assert.All(updates, u => Assert.Equal(2, u.Count));
        Assert.Empty(await router.CloseOnStopAsync(default));
    }

    [Fact]
    public async Task Route_TooManyGroups_ClosesTheOldestEarlyWithItsUpdate()
    {
        var rule = Rule();
        var router = Routers.InMemory(_time, maxGroups: 2);
        await router.RouteAsync([Match(rule, "a1", "bucket-a"), Match(rule, "a2", "bucket-a")], default);
        _time.Advance(TimeSpan.FromMinutes(1));
        await router.RouteAsync([Match(rule, "b1", "bucket-b")], default);

        var emitted = await router.RouteAsync([Match(rule, "c1", "bucket-c")], default);

        Assert.Equal([AlertKind.Update, AlertKind.Alert], emitted.Select(a => a.Kind));
        Assert.Equal(["a2"], emitted[0].EventIds);
    }

    [Fact]
    public async Task Route_DedupDisabled_EveryMatchIsItsOwnAlert()
    {
        var rule = Rule(threshold: 3);
        var router = Routers.InMemory(_time, enabled: false);

        var emitted = await router.RouteAsync([Match(rule, "e1"), Match(rule, "e2"), Match(rule, "e3")], default);
        _time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(["e1", "e2", "e3"], emitted.Select(a => a.EventIds.Single()));
        Assert.All(emitted, a => Assert.Equal(1, a.Count));
        Assert.Empty(await router.CloseDueAsync(default));
        Assert.Empty(await router.CloseOnStopAsync(default));
    }

    [Fact]
    public async Task Route_RuleWithoutDedup_EveryMatchIsItsOwnAlert()
    {
        var rule = Rule(period: null);
        var router = Routers.InMemory(_time);

        var emitted = await router.RouteAsync([Match(rule, "e1"), Match(rule, "e2")], default);

        Assert.Equal(2, emitted.Count);
    }

    [Fact]
    public async Task Route_ARerunOfTheSameEvents_GivesTheSameIds()
    {
        var rule = Rule();

        async Task<string[]> RunOnce()
        {
            var router = Routers.InMemory(new FakeTimeProvider(Start));
            var emitted = (await router.RouteAsync([Match(rule, "e1"), Match(rule, "e2"), Match(rule, "e3")], default)).ToList();
            emitted.AddRange(await router.CloseOnStopAsync(default));
            return [.. emitted.Select(a => a.Id)];
        }

        var first = await RunOnce();
        var second = await RunOnce();

        Assert.Equal(2, first.Length);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Signals_AreDeduplicatedAndGoOnlyToSinksThatIncludeThem()
    {
        var signal = Rule("Test.Signal", signal: true);
        var alerting = Rule("Test.Alert");
        var router = Routers.InMemory(_time);
        var withSignals = new RecordingSink();
        var withoutSignals = new RecordingSink();
        await using var dispatcher = new AlertDispatcher(
            [
                ResilientSink.FailFast(withSignals, _time, NullLogger.Instance, includeSignals: true),
                ResilientSink.FailFast(withoutSignals, _time, NullLogger.Instance, includeSignals: false),
            ],
            NullLogger<AlertDispatcher>.Instance);

        await dispatcher.DeliverAsync(await router.RouteAsync([Match(signal, "s1"), Match(signal, "s2"), Match(alerting, "a1")], default), default);
        await dispatcher.DeliverAsync(await router.CloseOnStopAsync(default), default);

        Assert.Equal([AlertKind.Signal, AlertKind.Alert, AlertKind.Update], withSignals.Accepted.Select(a => a.Kind));
        Assert.Equal(["s2"], withSignals.Accepted[2].EventIds);
        Assert.Equal(["a1"], Assert.Single(withoutSignals.Accepted).EventIds);
    }
}
