using System.Text;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Testing;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Testing;

public sealed class RuleComparerTests
{
    private static readonly Rule Native = TestRules.FromCondition("""
        all:
          - field: eventName
            equals: PutBucketLogging
          - field: requestParameters.BucketLoggingStatus
            exists: true
        """, id: "Test.Native");

    private static readonly Rule Eql = RuleLoader.LoadTexts([("e.yml", """
        id: Test.Eql
        title: t
        description: d
        severity: low
        enabled: false
        language: eql
        query: any where event.action == "PutBucketLogging"
        """)]).Rules.Single();

    [Fact]
    public void CompareEvent_Disagreement_GivesBothVerdictsAndTheEventsIdentity()
    {
        var comparison = new RuleComparer(Native, Eql).CompareEvent("""{"eventID": "e-1", "eventName": "PutBucketLogging", "requestParameters": {}}""");

        Assert.Equal(("e-1", "PutBucketLogging"), (comparison.EventId, comparison.EventName));
        Assert.Equal("no match", comparison.First.ToString());
        Assert.Equal("match", comparison.Second.ToString());
        Assert.False(comparison.Agree);
    }

    [Fact]
    public void Compare_RecordsOfALog_AgreeWhenNeitherOrBothMatch()
    {
        var log = """{"Records":[{"eventName": "GetBucketLogging"}, {"eventName": "PutBucketLogging", "requestParameters": {"BucketLoggingStatus": {}}}]}""";
        using var reader = new CloudTrailReader(new MemoryStream(Encoding.UTF8.GetBytes(log)), "log.json");
        var comparer = new RuleComparer(Native, Eql);
        var results = new List<RuleComparison>();
        while (reader.Read())
        {
            results.Add(comparer.Compare(reader.Current, "log.json"));
        }

        Assert.Equal([false, true], results.Select(r => r.First.Raises));
        Assert.All(results, r => Assert.True(r.Agree));
    }

    [Fact]
    public void Fields_OfAnEqlRule_AreNamedInEcsWithTheRenamedPath()
    {
        var fields = RuleComparer.Fields(Eql, Encoding.UTF8.GetBytes("""{"eventName": "PutBucketLogging"}"""));

        Assert.Equal("event.action (eventName) = \"PutBucketLogging\"", Assert.Single(fields).ToString());
    }

    [Fact]
    public void Fields_Missing_ReadAsNone()
    {
        var fields = RuleComparer.Fields(Native, Encoding.UTF8.GetBytes("""{"eventName": "X"}"""));

        Assert.Equal(["eventName = \"X\"", "requestParameters.BucketLoggingStatus = (none)"], fields.Select(f => f.ToString()));
    }
}
