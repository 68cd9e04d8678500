using static TrailWatcher.Detection.Tests.Correlation.TestEvent;

namespace TrailWatcher.Detection.Tests.Correlation;

/// <summary>event_count: "counts events occurring in the given time frame … for each group specified by group-by separately".</summary>
public sealed class EventCountCorrelationTests
{
    private static CorrelationHarness Count(string condition, string timespan = "10m", string groupBy = "        - userIdentity.arn") =>
        CorrelationHarness.Load($"""
            title: Many failed logins
            id: 22222222-0000-4000-8000-000000000001
            correlation:
                type: event_count
                rules:
                    - failed_login
                group-by:
            {groupBy}
                timespan: {timespan}
                condition:
            {condition}
            level: high
            """);

    [Fact]
    public void EventCount_ThresholdReachedWithinTimespan_FiresWithItsEvents()
    {
        var harness = Count("        gte: 3");
        var events = new[] { Login(0, "alice", false), Login(60, "alice", false), Login(120, "alice", false) };

        var match = Assert.Single(harness.Run(events));

        Assert.Equal(3, match.Count);
        Assert.Equal(3, match.EventCount);
        Assert.Equal(events.Select(e => e.EventId), match.EventIds);
        Assert.Equal(["arn:aws:iam::111122223333:user/alice"], match.GroupValues);
        Assert.Equal(events[0].Time, match.FirstEventTime);
        Assert.Equal(events[2].Time, match.LastEventTime);
        Assert.Equal(events[2].Time, match.DecidedAt);
    }

    [Fact]
    public void EventCount_SuccessfulLoginsAreNotCounted_OnlyReferencedRules()
    {
        var harness = Count("        gte: 3");

        Assert.Empty(harness.Run([Login(0, "alice", false), Login(10, "alice", true), Login(20, "alice", false)]));
    }

    [Fact]
    public void EventCount_GroupsAreSeparate_PerGroupByValue()
    {
        var harness = Count("        gte: 3");

        Assert.Empty(harness.Run([Login(0, "alice", false), Login(1, "bob", false), Login(2, "alice", false), Login(3, "bob", false)]));
    }

    [Fact]
    public void EventCount_SeveralGroupByFields_AreJoinedByAnd()
    {
        var harness = Count("        gte: 2", groupBy: "        - userIdentity.arn\n        - sourceIPAddress");

        var matches = harness.Run([Login(0, "alice", false, "192.0.2.1"), Login(1, "alice", false, "192.0.2.2"), Login(2, "alice", false, "192.0.2.2")]);

        var match = Assert.Single(matches);
        Assert.Equal(["arn:aws:iam::111122223333:user/alice", "192.0.2.2"], match.GroupValues);
    }

    [Fact]
    public void EventCount_EventsExactlyOneTimespanApart_AreInOneWindow()
    {
        var harness = Count("        gte: 3");

        Assert.Single(harness.Run([Login(0, "alice", false), Login(300, "alice", false), Login(600, "alice", false)]));
    }

    [Fact]
    public void EventCount_EventsOneSecondMoreThanTimespanApart_AreNot()
    {
        var harness = Count("        gte: 3");

        Assert.Empty(harness.Run([Login(0, "alice", false), Login(300, "alice", false), Login(601, "alice", false)]));
    }

    [Fact]
    public void EventCount_WindowSlides_NotBoundToTheFirstEvent()
    {
        // "The time frame should not be restricted to boundaries": 8, 12 and 15 s lie within 10 s of each other.
        var harness = Count("        gte: 3", timespan: "10s");

        var match = Assert.Single(harness.Run([Login(0, "alice", false), Login(8, "alice", false), Login(12, "alice", false), Login(15, "alice", false)]));

        Assert.Equal(CorrelationHarness.T0.AddSeconds(8), match.FirstEventTime);
    }

    [Fact]
    public void EventCount_AfterFiring_EventsUpToTheMatchAreConsumed()
    {
        var harness = Count("        gte: 3");

        var matches = harness.Run(Enumerable.Range(0, 7).Select(i => Login(i * 10, "alice", false)));

        Assert.Equal(2, matches.Count);
        Assert.All(matches, m => Assert.Equal(3, m.EventCount));
    }

    [Fact]
    public void EventCount_SameSecondEvents_AreOneStep()
    {
        var harness = Count("        gte: 3");

        var match = Assert.Single(harness.Run([Login(0, "alice", false), Login(5, "alice", false), Login(5, "alice", false), Login(5, "alice", false)]));

        Assert.Equal(4, match.Count);
    }

    [Theory]
    [InlineData("        gt: 2", 3, true)]
    [InlineData("        gt: 3", 3, false)]
    [InlineData("        gte: 3", 3, true)]
    [InlineData("        gte: 4", 3, false)]
    [InlineData("        eq: 3", 3, true)]
    [InlineData("        eq: 3", 4, false)]
    [InlineData("        eq: 3", 2, false)]
    [InlineData("        lt: 3", 2, true)]
    [InlineData("        lt: 3", 3, false)]
    [InlineData("        lte: 3", 3, true)]
    [InlineData("        lte: 3", 4, false)]
    [InlineData("        gt: 1\n        lte: 3", 2, true)]
    [InlineData("        gt: 1\n        lte: 3", 4, false)]
    [InlineData("        gt: 1\n        lte: 3", 1, false)]
    public void EventCount_ConditionOperators_CompareTheCount(string condition, int failures, bool fires)
    {
        var harness = Count(condition);

        var matches = harness.Run(Enumerable.Range(0, failures).Select(i => Login(i * 30, "alice", false)));

        Assert.Equal(fires ? 1 : 0, matches.Count);
    }

    [Fact]
    public void EventCount_LessThan_IsDecidedOnlyWhenTheWindowCloses()
    {
        var harness = Count("        lt: 3", timespan: "1m");
        var engine = harness.Engine(lateness: TimeSpan.Zero);

        Assert.Empty(harness.Feed(engine, Login(0, "alice", false)).Matches);
        Assert.Empty(harness.Feed(engine, Login(30, "alice", false)).Matches);
        Assert.Empty(engine.Observe(CorrelationHarness.T0.AddSeconds(60)).Matches); // a third event at 60 s would still count
        var match = Assert.Single(engine.Observe(CorrelationHarness.T0.AddSeconds(61)).Matches);

        Assert.Equal(2, match.Count);
        Assert.Equal(CorrelationHarness.T0.AddSeconds(60), match.DecidedAt);
    }

    [Fact]
    public void EventCount_RecordWithoutGroupByField_FormsNoGroup()
    {
        var harness = Count("        gte: 1", groupBy: "        - userIdentity.userName");
        var engine = harness.Engine();
        var service = Make(0, "signin.amazonaws.com", "ConsoleLogin", null, "192.0.2.1", """{"ConsoleLogin":"Failure"}""");

        Assert.Empty(harness.Run([service], engine));
        Assert.Equal(1, engine.Stats.Ungrouped);
    }

    [Fact]
    public void EventCount_NoGroupBy_CountsEveryEventInOneGroup()
    {
        var harness = CorrelationHarness.Load("""
            title: Failed logins anywhere
            correlation:
                type: event_count
                rules: [failed_login]
                timespan: 1h
                condition:
                    gte: 3
            """);

        var match = Assert.Single(harness.Run([Login(0, "alice", false), Login(1, "bob", false), Login(2, "carol", false)]));

        Assert.Empty(match.GroupValues);
    }

    [Fact]
    public void EventCount_SameEventHandedInTwice_CountsOnce()
    {
        var harness = Count("        gte: 2");
        var engine = harness.Engine();
        var once = Login(0, "alice", false);

        Assert.Empty(harness.Run([once, once], engine));
        Assert.Equal(1, engine.Stats.Duplicates);
    }

    [Fact]
    public void EventCount_AlertId_IsTheSameOnEveryRunAndDiffersPerGroup()
    {
        var harness = Count("        gte: 2");
        var events = new[] { Login(0, "alice", false), Login(1, "alice", false), Login(2, "bob", false), Login(3, "bob", false) };

        var first = harness.Run(events).Select(m => m.AlertId).ToList();
        var second = harness.Run(events.Reverse()).Select(m => m.AlertId).ToList();

        Assert.Equal(2, first.Distinct().Count());
        Assert.Equal(first.Order(), second.Order());
        Assert.Equal(TrailWatcher.Detection.Alerts.AlertId.For("22222222-0000-4000-8000-000000000001", "36:arn:aws:iam::111122223333:user/alice\n" + events[0].EventId), first[0]);
    }
}
