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

    [Theory]
    [InlineData("eventID")]
    [InlineData("recipientAccountId")]
    public void Evaluate_StringNotValidUtf8_ReportsTheRecordInsteadOfThrowing(string field)
    {
        // Found by fuzzing (scripts/fuzz.sh reader): a matching record whose eventID (read for the alert) or another
        // string held a byte that is not UTF-8, or an escaped lone surrogate, threw InvalidOperationException out of
        // Evaluate, from AlertFactory, the dedup key or RecordText.
        var yaml = TestRules.Yaml("field: eventName\nequals: DeleteTrail", id: "Trail.Deleted", extra: "dedup: {key: \"{recipientAccountId}\", period: 1h}");
        var evaluator = new RecordEvaluator([RuleLoader.LoadTexts([("r.yml", yaml)]).Rules.Single()]);
        byte[] invalidByte = [.. Encoding.UTF8.GetBytes($$"""{"eventName":"DeleteTrail","{{field}}":"e"""), 0xC3, .. "\"}"u8];
        var loneSurrogate = Encoding.UTF8.GetBytes($$"""{"eventName":"DeleteTrail","{{field}}":"\udc00x"}""");
        var highWithoutLow = Encoding.UTF8.GetBytes($$"""{"eventName":"DeleteTrail","{{field}}":"\ud83d\n"}""");

        foreach (var record in new[] { invalidByte, loneSurrogate, highWithoutLow })
        {
            var matches = new List<RuleMatch>();
            var verdict = evaluator.Evaluate(record, evaluator.Index.Rules.ToArray(), "bad.json", 7, DateTimeOffset.UnixEpoch, matches);

            Assert.NotNull(verdict.FormatError);
            Assert.Equal("bad.json: record 7 has a string that is not valid UTF-8 text (at byte -1 of the uncompressed log, record 7)", verdict.FormatError.Message);
            Assert.Empty(matches);
        }
    }

    [Fact]
    public void Evaluate_EscapedSurrogatePairAndBackslashes_AreReadable()
    {
        var evaluator = new RecordEvaluator([TestRules.FromCondition("field: eventName\nequals: DeleteTrail")]);
        var matches = new List<RuleMatch>();
        var record = """{"eventName":"DeleteTrail","eventID":"\\u00\ud83d\ude00\\","x":"\u00e9"}"""u8.ToArray();

        var verdict = evaluator.Evaluate(record, evaluator.Index.Rules.ToArray(), "ok.json", 0, DateTimeOffset.UnixEpoch, matches);

        Assert.Null(verdict.FormatError);
        Assert.Single(matches);
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
