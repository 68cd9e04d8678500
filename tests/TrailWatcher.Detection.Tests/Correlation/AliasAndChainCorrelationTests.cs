using static TrailWatcher.Detection.Tests.Correlation.TestEvent;

namespace TrailWatcher.Detection.Tests.Correlation;

/// <summary>Field name aliases and correlations that refer to other correlations (the specification's chained example).</summary>
public sealed class AliasAndChainCorrelationTests
{
    [Fact]
    public void Aliases_GroupByTheAliasedFieldOfEachRule()
    {
        // A failed login by alice, then someone creating an access key for alice: the same user in different fields.
        var harness = CorrelationHarness.Load("""
            title: Failed login then a key for that user
            correlation:
                type: temporal
                rules:
                    - failed_login
                    - access_key_created
                group-by:
                    - target_user
                timespan: 10m
                aliases:
                    target_user:
                        failed_login: userIdentity.userName
                        access_key_created: requestParameters.userName
            """);

        var match = Assert.Single(harness.Run([Login(0, "alice", false), AccessKey(60, "admin", target: "alice")]));

        Assert.Equal(["target_user"], match.GroupBy);
        Assert.Equal(["alice"], match.GroupValues);
        Assert.Empty(harness.Run([Login(0, "alice", false), AccessKey(60, "alice", target: "bob")]));
    }

    [Fact]
    public void Aliases_MayNameRulesByTheirId()
    {
        var harness = CorrelationHarness.Load("""
            title: Failed login then a key for that user
            correlation:
                type: temporal
                rules:
                    - 11111111-0000-4000-8000-000000000001
                    - access_key_created
                group-by:
                    - target_user
                timespan: 10m
                aliases:
                    target_user:
                        failed_login: userIdentity.userName
                        11111111-0000-4000-8000-000000000003: requestParameters.userName
            """);

        Assert.Single(harness.Run([Login(0, "alice", false), AccessKey(60, "admin", target: "alice")]));
    }

    private const string Chain = """
        title: Correlation - Multiple Failed Logins Followed by Successful Login
        id: b180ead8-d58f-40b2-ae54-c8940995b9b6
        correlation:
            type: temporal_ordered
            rules:
                - multiple_failed_login
                - successful_login
            group-by:
                - userIdentity.userName
            timespan: 10m
        level: high
        ---
        title: Multiple failed logons
        id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
        name: multiple_failed_login
        correlation:
            type: event_count
            rules:
                - failed_login
            group-by:
                - userIdentity.userName
            timespan: 10m
            condition:
                gte: 3
        """;

    [Fact]
    public void Chain_ManyFailuresThenSuccess_FiresTheOuterCorrelation()
    {
        var harness = CorrelationHarness.Load(Chain);

        var matches = harness.Run([Login(0, "alice", false), Login(10, "alice", false), Login(20, "alice", false), Login(30, "alice", true)]);

        Assert.Equal(["a8418a5a-5fc4-46b5-b23b-6c73beb19d41", "b180ead8-d58f-40b2-ae54-c8940995b9b6"], matches.Select(m => m.Correlation.Id));
        var outer = matches[1];
        Assert.Equal(["alice"], outer.GroupValues);
        Assert.Equal(matches[0].AlertId, outer.EventIds[0]);
        Assert.Equal(CorrelationHarness.T0.AddSeconds(30), outer.DecidedAt);
    }

    [Fact]
    public void Chain_SuccessBeforeTheThirdFailure_DoesNotFireTheOuter()
    {
        var harness = CorrelationHarness.Load(Chain);

        var matches = harness.Run([Login(0, "alice", false), Login(10, "alice", false), Login(15, "alice", true), Login(20, "alice", false)]);

        Assert.Equal(["a8418a5a-5fc4-46b5-b23b-6c73beb19d41"], matches.Select(m => m.Correlation.Id));
    }

    [Fact]
    public void Chain_CorrelationsAreOrderedInnerFirst()
    {
        var harness = CorrelationHarness.Load(Chain);

        Assert.Equal(["a8418a5a-5fc4-46b5-b23b-6c73beb19d41", "b180ead8-d58f-40b2-ae54-c8940995b9b6"], harness.Set.Correlations.Select(c => c.Id));
    }

    [Fact]
    public void Generate_DefaultFalse_MakesReferencedRulesInputOnly()
    {
        var harness = CorrelationHarness.Load(Chain + """

            ---
            title: Keys, alerting on their own too
            correlation:
                type: event_count
                rules: [access_key_created]
                group-by: [userIdentity.arn]
                timespan: 1h
                condition:
                    gte: 5
            generate: true
            """);

        Assert.True(harness.Set.IsInputOnly("11111111-0000-4000-8000-000000000001"));
        Assert.True(harness.Set.IsInputOnly("a8418a5a-5fc4-46b5-b23b-6c73beb19d41"));
        Assert.False(harness.Set.IsInputOnly("11111111-0000-4000-8000-000000000003"));
        Assert.False(harness.Set.IsInputOnly("b180ead8-d58f-40b2-ae54-c8940995b9b6"));
        Assert.True(harness.Set.IsReferenced("11111111-0000-4000-8000-000000000002"));
    }

    [Fact]
    public void Chain_InnerFixedWindow_ReachesTheOuterAtTheWindowEnd()
    {
        // Inner: a user with fewer than 2 failed logins in 1m (decided when the minute closes); outer: then a key.
        var harness = CorrelationHarness.Load("""
            title: A lone failure, then a key
            id: outer
            correlation:
                type: temporal_ordered
                rules: [lone_failure, access_key_created]
                group-by: [userIdentity.arn]
                timespan: 10m
            ---
            title: A lone failure
            id: inner
            name: lone_failure
            correlation:
                type: event_count
                rules: [failed_login]
                group-by: [userIdentity.arn]
                timespan: 1m
                condition:
                    lt: 2
            """);

        var early = harness.Run([Login(0, "alice", false), AccessKey(30, "alice")]);
        var late = harness.Run([Login(0, "alice", false), AccessKey(90, "alice")]);

        Assert.Equal(["inner"], early.Select(m => m.Correlation.Id));
        Assert.Equal(["inner", "outer"], late.Select(m => m.Correlation.Id));
        Assert.Equal(CorrelationHarness.T0.AddSeconds(60), late[0].DecidedAt);
    }
}
