using TrailWatcher.Detection.Correlation;
using static TrailWatcher.Detection.Tests.Correlation.TestEvent;

namespace TrailWatcher.Detection.Tests.Correlation;

/// <summary>Event time: arrival order does not change the result, late events are reported, state stays bounded.</summary>
public sealed class EventTimeCorrelationTests
{
    private const string Correlations = """
        title: Many failed logins
        id: c-event-count
        name: many_failed
        correlation:
            type: event_count
            rules: [failed_login]
            group-by: [userIdentity.arn]
            timespan: 10m
            condition:
                gte: 3
        ---
        title: Many users failing from one address
        id: c-value-count
        correlation:
            type: value_count
            rules: [failed_login]
            group-by: [sourceIPAddress]
            timespan: 15m
            condition:
                field: userIdentity.userName
                gte: 2
        ---
        title: Login and key
        id: c-temporal
        correlation:
            type: temporal
            rules: [successful_login, access_key_created]
            group-by: [userIdentity.arn]
            timespan: 5m
        ---
        title: Failures then success
        id: c-ordered
        correlation:
            type: temporal_ordered
            rules: [failed_login, successful_login]
            group-by: [userIdentity.arn]
            timespan: 5m
        ---
        title: Few keys
        id: c-few
        correlation:
            type: event_count
            rules: [access_key_created]
            group-by: [userIdentity.arn]
            timespan: 10m
            condition:
                lt: 2
        ---
        title: Many failures then success
        id: c-chain
        correlation:
            type: temporal_ordered
            rules: [many_failed, successful_login]
            group-by: [userIdentity.arn]
            timespan: 20m
        """;

    private static readonly CorrelationHarness Harness = CorrelationHarness.Load(Correlations);

    /// <summary>Some 300 events over two hours: five users, two addresses, all three base rules, with same-second ties.</summary>
    private static List<TestEvent> Events()
    {
        var random = new Random(20240501);
        var users = new[] { "alice", "bob", "carol", "dave", "erin" };
        var events = new List<TestEvent>();
        for (var i = 0; i < 300; i++)
        {
            var at = random.Next(0, 7200);
            var user = users[random.Next(users.Length)];
            var ip = random.Next(2) == 0 ? "192.0.2.10" : "192.0.2.20";
            events.Add(random.Next(10) switch
            {
                < 6 => Login(at, user, false, ip),
                < 8 => Login(at, user, true, ip),
                _ => AccessKey(at, user, ip),
            });
        }

        return [.. events.OrderBy(e => e.Time).ThenBy(e => e.EventId, StringComparer.Ordinal)];
    }

    private static List<string> Describe(IEnumerable<CorrelationMatch> matches) =>
        [.. matches.Select(m => $"{m} decided={m.DecidedAt:O} id={m.AlertId} ids={string.Join(",", m.EventIds)}").Order(StringComparer.Ordinal)];

    [Fact]
    public void ShuffledArrival_HundredPermutations_GiveTheSameMatches()
    {
        var events = Events();
        var expected = Describe(Harness.Run(events));
        Assert.True(expected.Count > 10, $"the data should make every kind fire; got {expected.Count}");
        Assert.All(new[] { "c-event-count", "c-value-count", "c-temporal", "c-ordered", "c-few", "c-chain" },
            id => Assert.Contains(expected, m => m.StartsWith(id + " ", StringComparison.Ordinal)));

        var random = new Random(7);
        for (var run = 0; run < 100; run++)
        {
            var shuffled = events.OrderBy(_ => random.Next()).ToList();
            Assert.Equal(expected, Describe(Harness.Run(shuffled)));
        }
    }

    [Fact]
    public void DisorderWithinAllowedLateness_GivesTheSameMatches_WithNothingLate()
    {
        var events = Events();
        var expected = Describe(Harness.Run(events));
        var random = new Random(11);

        for (var run = 0; run < 100; run++)
        {
            // Every event arrives up to 10 minutes out of place; 15 minutes are allowed.
            var jittered = events.OrderBy(e => e.Time.AddSeconds(random.Next(0, 600))).ToList();
            var engine = Harness.Engine(lateness: TimeSpan.FromMinutes(15));
            var matches = Harness.Run(jittered, engine);

            Assert.Equal(expected, Describe(matches));
            Assert.Equal(0, engine.Stats.Late);
        }
    }

    [Fact]
    public void Watermark_IsNewestEventTimeMinusAllowedLateness()
    {
        var engine = Harness.Engine(lateness: TimeSpan.FromMinutes(5));
        Assert.Null(engine.Watermark);

        Harness.Feed(engine, Login(3600, "alice", false));
        Harness.Feed(engine, Login(1800, "alice", false));

        Assert.Equal(CorrelationHarness.T0.AddSeconds(3300), engine.Watermark);
    }

    [Fact]
    public void LateEvent_IsReportedAndCounted_NotAddedToAWindow()
    {
        var engine = Harness.Engine(lateness: TimeSpan.FromMinutes(1));
        Harness.Feed(engine, Login(600, "alice", false));
        Harness.Feed(engine, Login(601, "alice", false));

        var late = Harness.Feed(engine, Login(100, "alice", false));

        var reported = Assert.Single(late.Late);
        Assert.Equal("11111111-0000-4000-8000-000000000001", reported.RuleId);
        Assert.Equal(CorrelationHarness.T0.AddSeconds(100), reported.EventTime);
        Assert.Equal(CorrelationHarness.T0.AddSeconds(541), reported.Watermark);
        Assert.Equal(1, engine.Stats.Late);
        Assert.DoesNotContain(engine.Flush().Matches, m => m.Correlation.Id == "c-event-count");
    }

    [Fact]
    public void EventAtTheWatermark_IsNotLate()
    {
        var engine = Harness.Engine(lateness: TimeSpan.FromMinutes(1));
        Harness.Feed(engine, Login(600, "alice", false));

        Assert.Empty(Harness.Feed(engine, Login(540, "alice", false)).Late);
    }

    [Fact]
    public void SlidingMatch_IsReturnedOnceTheWatermarkPassesIt_WithoutFlush()
    {
        var engine = Harness.Engine(lateness: TimeSpan.FromMinutes(1));
        Harness.Feed(engine, Login(0, "alice", false));
        Harness.Feed(engine, Login(10, "alice", false));
        Assert.Empty(Harness.Feed(engine, Login(20, "alice", false)).Matches);

        var result = engine.Observe(CorrelationHarness.T0.AddSeconds(81));

        Assert.Contains(result.Matches, m => m.Correlation.Id == "c-event-count");
    }

    [Fact]
    public void Flush_DecidesOpenWindowsAndDropsState()
    {
        var engine = Harness.Engine(lateness: TimeSpan.FromMinutes(1));
        Harness.Feed(engine, AccessKey(0, "alice"));

        var flushed = engine.Flush();

        Assert.Contains(flushed.Matches, m => m.Correlation.Id == "c-few");
        Assert.Equal(0, engine.Stats.Groups);
    }

    [Fact]
    public void MaxGroups_EvictsTheOldestGroups_AndCountsThem()
    {
        var engine = Harness.Engine(maxGroups: 16);

        for (var i = 0; i < 40; i++)
        {
            Harness.Feed(engine, AccessKey(i, $"user{i:D2}"));
        }

        Assert.True(engine.Stats.Groups <= 16, $"{engine.Stats.Groups} groups held");
        Assert.True(engine.Stats.EvictedGroups >= 24, $"{engine.Stats.EvictedGroups} evicted");
    }

    [Fact]
    public void UnreferencedRule_IsIgnored()
    {
        var harness = CorrelationHarness.Load("""
            title: Keys only
            correlation:
                type: event_count
                rules: [access_key_created]
                timespan: 1h
                condition:
                    gte: 1
            """);
        var engine = harness.Engine();

        harness.Feed(engine, Login(0, "alice", false));

        Assert.Equal(0, engine.Stats.Events);
        Assert.False(harness.Set.IsReferenced("11111111-0000-4000-8000-000000000001"));
    }

    [Fact]
    public void LateEvent_DoesNotReopenAClosedFixedWindow()
    {
        var engine = Harness.Engine(lateness: TimeSpan.Zero);
        Harness.Feed(engine, AccessKey(0, "alice"));
        var closed = Harness.Feed(engine, Login(700, "bob", false));

        var late = Harness.Feed(engine, AccessKey(30, "alice"));

        Assert.Contains(closed.Matches, m => m.Correlation.Id == "c-few" && m.EventCount == 1);
        Assert.Single(late.Late);
        Assert.DoesNotContain(engine.Flush().Matches, m => m.Correlation.Id == "c-few");
    }

    [Fact]
    public void Observe_OlderTime_DoesNotMoveTheWatermarkBack()
    {
        var engine = Harness.Engine(lateness: TimeSpan.Zero);
        engine.Observe(CorrelationHarness.T0.AddSeconds(100));

        engine.Observe(CorrelationHarness.T0);

        Assert.Equal(CorrelationHarness.T0.AddSeconds(100), engine.Watermark);
    }
}
