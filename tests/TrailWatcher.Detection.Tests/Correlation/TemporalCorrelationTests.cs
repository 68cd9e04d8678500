using static TrailWatcher.Detection.Tests.Correlation.TestEvent;

namespace TrailWatcher.Detection.Tests.Correlation;

/// <summary>temporal and temporal_ordered: "all events defined by the rules referred … must occur in the time frame", in order for the latter.</summary>
public sealed class TemporalCorrelationTests
{
    private static CorrelationHarness Temporal(string type, string rules, string extra = "") => CorrelationHarness.Load($"""
        title: Login and access key by one user
        id: 22222222-0000-4000-8000-000000000003
        correlation:
            type: {type}
            rules:
        {rules}
            group-by:
                - userIdentity.arn
            timespan: 5m
        {extra}
        """);

    private static readonly string FailedThenKey = "        - failed_login\n        - access_key_created";

    [Theory]
    [InlineData(0, 100)]
    [InlineData(100, 0)]
    public void Temporal_AllRulesWithinTimespan_FiresInAnyOrder(int loginAt, int keyAt)
    {
        var match = Assert.Single(Temporal("temporal", FailedThenKey).Run([Login(loginAt, "alice", false), AccessKey(keyAt, "alice")]));

        Assert.Equal(2, match.Count);
    }

    [Fact]
    public void Temporal_OnlyOneRule_DoesNotFire()
    {
        Assert.Empty(Temporal("temporal", FailedThenKey).Run([Login(0, "alice", false), Login(10, "alice", false)]));
    }

    [Fact]
    public void Temporal_RulesByDifferentUsers_DoNotFire()
    {
        Assert.Empty(Temporal("temporal", FailedThenKey).Run([Login(0, "alice", false), AccessKey(10, "bob")]));
    }

    [Theory]
    [InlineData(300, 1)]
    [InlineData(301, 0)]
    public void Temporal_TimespanEdge_IsInclusive(int keyAt, int expected)
    {
        Assert.Equal(expected, Temporal("temporal", FailedThenKey).Run([Login(0, "alice", false), AccessKey(keyAt, "alice")]).Count);
    }

    [Fact]
    public void Temporal_WithCondition_CountsDistinctRules()
    {
        // "For a temporal … correlation it specifies the count of different event types (Sigma rules matching)".
        var harness = Temporal("temporal", FailedThenKey + "\n        - successful_login", "    condition:\n        gte: 2");

        Assert.Single(harness.Run([Login(0, "alice", false), AccessKey(10, "alice")]));
    }

    [Fact]
    public void TemporalOrdered_InListedOrder_Fires()
    {
        var match = Assert.Single(Temporal("temporal_ordered", FailedThenKey).Run([Login(0, "alice", false), AccessKey(10, "alice")]));

        Assert.Equal(CorrelationHarness.T0.AddSeconds(10), match.DecidedAt);
    }

    [Fact]
    public void TemporalOrdered_InReverseOrder_DoesNotFire()
    {
        Assert.Empty(Temporal("temporal_ordered", FailedThenKey).Run([AccessKey(0, "alice"), Login(10, "alice", false)]));
    }

    [Fact]
    public void TemporalOrdered_SameSecond_CountsAsInOrder()
    {
        Assert.Single(Temporal("temporal_ordered", FailedThenKey).Run([AccessKey(5, "alice"), Login(5, "alice", false)]));
    }

    [Fact]
    public void TemporalOrdered_LaterFirstRuleAfterAnEarlierSecond_FindsTheOrder()
    {
        // key at 0 (too early to follow a login), login at 10, key at 20: the second key completes the order.
        var match = Assert.Single(Temporal("temporal_ordered", FailedThenKey).Run([AccessKey(0, "alice"), Login(10, "alice", false), AccessKey(20, "alice")]));

        Assert.Equal(CorrelationHarness.T0.AddSeconds(20), match.DecidedAt);
    }

    [Fact]
    public void TemporalOrdered_ThreeRules_NeedsEachStepInOrder()
    {
        var harness = Temporal("temporal_ordered", "        - failed_login\n        - successful_login\n        - access_key_created");

        Assert.Single(harness.Run([Login(0, "alice", false), Login(10, "alice", true), AccessKey(20, "alice")]));
        Assert.Empty(harness.Run([Login(10, "alice", false), Login(0, "alice", true), AccessKey(20, "alice")]));
    }
}
