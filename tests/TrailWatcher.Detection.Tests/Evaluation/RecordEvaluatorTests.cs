using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules.Conditions;
using TrailWatcher.Detection.Tests.TestSupport;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Detection.Tests.Evaluation;

public sealed class RecordEvaluatorTests
{
    private const string Event = """{"eventID":"e-1","eventName":"DeleteTrail","eventSource":"cloudtrail.amazonaws.com","eventTime":"2024-01-15T10:45:23Z","recipientAccountId":"111122223333","requestParameters":{"name":"main"}}""";

    [Fact]
    public void Evaluate_MatchingCandidate_YieldsAlertAndResolvedDedupKey()
    {
        var yaml = TestRules.Yaml("field: eventName\nequals: DeleteTrail", id: "Trail.Deleted", extra: "dedup: {key: \"{recipientAccountId}/{requestParameters.name}\", period: 1h}");
        var grouped = RuleLoader.LoadTexts([("r.yml", yaml)]).Rules.Single();
        var evaluator = new RecordEvaluator([grouped]);
        var matches = new List<RuleMatch>();

        var verdict = evaluator.Evaluate(Encoding.UTF8.GetBytes(Event), evaluator.Index.Candidates("cloudtrail.amazonaws.com", "DeleteTrail"), "f.json", 3, DateTimeOffset.UnixEpoch, matches);

        Assert.Null(verdict.FormatError);
        Assert.Null(verdict.RuleErrors);
        var match = Assert.Single(matches);
        Assert.Equal("Trail.Deleted", match.Alert.RuleId);
        Assert.Equal("e-1", match.Alert.EventId);
        Assert.Equal("111122223333/main", match.DedupKey);
        Assert.Equal("f.json", match.Alert.Source);
    }

    [Fact]
    public void Evaluate_NonMatchingRule_YieldsNothing()
    {
        var evaluator = new RecordEvaluator([TestRules.FromCondition("field: eventName\nequals: StopLogging")]);
        var matches = new List<RuleMatch>();

        evaluator.Evaluate(Encoding.UTF8.GetBytes(Event), evaluator.Index.Rules.ToArray(), "f.json", 0, DateTimeOffset.UnixEpoch, matches);

        Assert.Empty(matches);
    }

    [Fact]
    public void Evaluate_InvalidJson_ReportsTheRecordAndEvaluatesNothing()
    {
        var evaluator = new RecordEvaluator([TestRules.FromCondition("field: eventName\nexists: true")]);
        var matches = new List<RuleMatch>();

        var verdict = evaluator.Evaluate(Encoding.UTF8.GetBytes("""{"eventName": tru}"""), evaluator.Index.Rules.ToArray(), "bad.json", 7, DateTimeOffset.UnixEpoch, matches);

        Assert.NotNull(verdict.FormatError);
        Assert.Contains("record 7", verdict.FormatError.Message, StringComparison.Ordinal);
        Assert.Empty(matches);
    }

    [Fact]
    public void DerivedField_ReadByTwoLeaves_IsComputedOncePerRecord()
    {
        var computed = 0;
        var outcome = new DerivedField("event.outcome", record =>
        {
            computed++;
            return [DerivedField.TextValue(record.Root.TryGetProperty("errorCode", out _) ? "failure" : "success")];
        });
        var condition = new AllCondition([new EqualsCondition(outcome, "success", ignoreCase: false), new TextMatchCondition(outcome, TextMatchKind.Wildcard, "succ*", ignoreCase: false)]);
        using var document = JsonDocument.Parse(Event);

        Assert.True(condition.Matches(new EventRecord(document.RootElement)));
        Assert.Equal(1, computed);
    }
}
