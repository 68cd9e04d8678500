using static TrailWatcher.Detection.Tests.Correlation.TestEvent;

namespace TrailWatcher.Detection.Tests.Correlation;

/// <summary>value_count: "counts values in a field defined by field … separately for each group specified by group-by".</summary>
public sealed class ValueCountCorrelationTests
{
    private static readonly CorrelationHarness Harness = CorrelationHarness.Load("""
        title: Failed logins for many users from one address
        id: 22222222-0000-4000-8000-000000000002
        correlation:
            type: value_count
            rules:
                - failed_login
            group-by:
                - sourceIPAddress
            timespan: 1h
            condition:
                field: userIdentity.userName
                gte: 3
        """);

    [Fact]
    public void ValueCount_DistinctValuesReachTheCondition_Fires()
    {
        var match = Assert.Single(Harness.Run([Login(0, "alice", false), Login(10, "bob", false), Login(20, "carol", false)]));

        Assert.Equal(3, match.Count);
        Assert.Equal(["198.51.100.7"], match.GroupValues);
    }

    [Fact]
    public void ValueCount_FedWithTheEvaluatorsProjectedFields_DecidesAsFromTheRecords()
    {
        TestEvent[] events = [Login(0, "alice", false), Login(10, "bob", false), Login(15, "bob", false, "192.0.2.9"), Login(20, "carol", false)];

        var projected = Assert.Single(Harness.RunThroughEvaluator(events));
        var parsed = Assert.Single(Harness.Run(events));

        Assert.Equal(parsed.Count, projected.Count);
        Assert.Equal(parsed.GroupValues, projected.GroupValues);
        Assert.Equal(parsed.FirstEventId, projected.FirstEventId);
        Assert.Equal(3, projected.Count);
    }

    [Fact]
    public void ValueCount_RepeatedValues_CountOnce()
    {
        Assert.Empty(Harness.Run([Login(0, "alice", false), Login(10, "alice", false), Login(20, "bob", false), Login(30, "bob", false)]));
    }

    [Fact]
    public void ValueCount_EventsWithoutTheField_AddNoValueButStayInTheWindow()
    {
        var service = Make(15, "signin.amazonaws.com", "ConsoleLogin", null, "198.51.100.7", """{"ConsoleLogin":"Failure"}""");

        var match = Assert.Single(Harness.Run([Login(0, "alice", false), service, Login(20, "bob", false), Login(30, "carol", false)]));

        Assert.Equal(3, match.Count);
        Assert.Equal(4, match.EventCount);
    }

    [Fact]
    public void ValueCount_DifferentAddresses_AreSeparateGroups()
    {
        Assert.Empty(Harness.Run([Login(0, "alice", false, "192.0.2.1"), Login(10, "bob", false, "192.0.2.2"), Login(20, "carol", false, "192.0.2.3")]));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 0)]
    public void ValueCount_Eq_IsDecidedOnTheClosedWindow(int users, int expected)
    {
        var harness = CorrelationHarness.Load("""
            title: Exactly two users from one address
            correlation:
                type: value_count
                rules: [failed_login]
                group-by: [sourceIPAddress]
                timespan: 10m
                condition:
                    field: userIdentity.userName
                    eq: 2
            """);

        // The third user arrives after two were seen: an early decision would have fired.
        var events = Enumerable.Range(0, users).Select(i => Login(i * 60, $"user{i}", false));

        Assert.Equal(expected, harness.Run(events).Count);
    }
}
