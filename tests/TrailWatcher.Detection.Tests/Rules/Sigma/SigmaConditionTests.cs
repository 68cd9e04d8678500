using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Rules.Sigma;

public sealed class SigmaConditionTests
{
    private const string Searches = """
        sel_a:
            a: 1
        sel_b:
            b: 1
        filter_c:
            c: 1
        _helper:
            d: 1
        """;

    private static bool Matches(string condition, string record) =>
        SigmaTestRules.Rule(Searches + "\ncondition: " + condition).Matches(record);

    [Theory]
    [InlineData("sel_a and sel_b", """{"a":1,"b":1}""", true)]
    [InlineData("sel_a and sel_b", """{"a":1}""", false)]
    [InlineData("sel_a or sel_b", """{"b":1}""", true)]
    [InlineData("sel_a and not filter_c", """{"a":1,"c":1}""", false)]
    [InlineData("sel_a and not filter_c", """{"a":1}""", true)]
    [InlineData("not sel_a", """{}""", true)]
    public void BooleanOperators_Combine(string condition, string record, bool expected) =>
        Assert.Equal(expected, Matches(condition, record));

    [Theory]
    [InlineData("""{"a":1}""", true)]
    [InlineData("""{"b":1,"c":1}""", true)]
    [InlineData("""{"b":1}""", false)]
    public void AndBindsTighterThanOr(string record, bool expected) =>
        Assert.Equal(expected, Matches("sel_a or sel_b and filter_c", record));

    [Theory]
    [InlineData("""{"a":1,"c":1}""", true)]
    [InlineData("""{"a":1}""", false)]
    public void Parentheses_Group(string record, bool expected) =>
        Assert.Equal(expected, Matches("(sel_a or sel_b) and filter_c", record));

    [Theory]
    [InlineData("1 of sel_*", """{"b":1}""", true)]
    [InlineData("1 of sel_*", """{"c":1}""", false)]
    [InlineData("all of sel_*", """{"a":1,"b":1}""", true)]
    [InlineData("all of sel_*", """{"a":1}""", false)]
    [InlineData("sel_a and not 1 of filter*", """{"a":1,"c":1}""", false)]
    public void OfPattern_QuantifiesOverMatchingIdentifiers(string condition, string record, bool expected) =>
        Assert.Equal(expected, Matches(condition, record));

    [Theory]
    [InlineData("1 of them", """{"c":1}""", true)]
    [InlineData("1 of them", """{"d":1}""", false)]
    [InlineData("all of them", """{"a":1,"b":1,"c":1}""", true)]
    [InlineData("all of them", """{"a":1,"b":1}""", false)]
    public void OfThem_QuantifiesOverAllButUnderscoreIdentifiers(string condition, string record, bool expected) =>
        Assert.Equal(expected, Matches(condition, record));

    [Fact]
    public void ConditionList_IsAnyOf()
    {
        var rule = SigmaTestRules.Rule(Searches + "\ncondition:\n    - sel_a\n    - sel_b");
        Assert.True(rule.Matches("""{"b":1}"""));
        Assert.False(rule.Matches("""{"c":1}"""));
    }

    [Fact]
    public void ListOfMaps_IsAnyMap()
    {
        var rule = SigmaTestRules.Rule("sel:\n    - a: 1\n      b: 2\n    - c: 3\ncondition: sel");
        Assert.True(rule.Matches("""{"a":1,"b":2}"""));
        Assert.True(rule.Matches("""{"c":3}"""));
        Assert.False(rule.Matches("""{"a":1}"""));
    }

    [Fact]
    public void EventNameEquality_FeedsTheIndex()
    {
        var rule = SigmaTestRules.Rule("sel:\n    eventSource: s3.amazonaws.com\n    eventName:\n        - PutBucketLogging\n        - PutBucketWebsite\ncondition: sel");
        Assert.Equal(["PutBucketLogging", "PutBucketWebsite"], rule.EventNames!.Order(StringComparer.Ordinal));
        Assert.Equal(["s3.amazonaws.com"], rule.EventSources!);
        Assert.True(rule.Matches("""{"eventSource":"S3.amazonaws.com","eventName":"putbucketlogging"}"""));
    }

    [Fact]
    public void EventNameWildcard_LeavesIndexOpen() =>
        Assert.Null(SigmaTestRules.Rule("sel:\n    eventName|startswith: Update\ncondition: sel").EventNames);
}
