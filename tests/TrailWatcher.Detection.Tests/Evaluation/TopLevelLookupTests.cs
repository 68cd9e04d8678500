using System.Text;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Evaluation;

/// <summary>
/// Rules read a record's top-level fields through a list of its properties made once per record; these pin that the
/// list answers as the parsed record itself does, whatever the record's shape.
/// </summary>
public sealed class TopLevelLookupTests
{
    private static RecordEvaluator Evaluator(string condition, string dedupKey = "{eventID}") =>
        new([RuleLoader.LoadTexts([("r.yml", TestRules.Yaml(condition, id: "Lookup.Rule", extra: $"dedup: {{key: \"{dedupKey}\", period: 1h}}"))]).Rules.Single()]);

    private static List<RuleMatch> Evaluate(RecordEvaluator evaluator, string record)
    {
        var matches = new List<RuleMatch>();
        var verdict = evaluator.Evaluate(Encoding.UTF8.GetBytes(record), evaluator.Index.Rules.ToArray(), "f.json", 0, DateTimeOffset.UnixEpoch, matches);
        Assert.Null(verdict.FormatError);
        Assert.Null(verdict.RuleErrors);
        return matches;
    }

    [Fact]
    public void RepeatedKey_TheLastValueCounts()
    {
        // The parsed record answers a repeated name with its last value; an attacker who writes errorCode twice must
        // not get one answer from one lookup and another from the next.
        var evaluator = Evaluator("all:\n  - field: eventName\n    equals: DeleteTrail\n  - is: success");

        Assert.Empty(Evaluate(evaluator, """{"eventID":"a","errorCode":null,"eventName":"DeleteTrail","errorCode":"AccessDenied"}"""));
        Assert.Single(Evaluate(evaluator, """{"eventID":"b","errorCode":"AccessDenied","eventName":"DeleteTrail","errorCode":null}"""));
    }

    [Fact]
    public void EscapedKey_IsStillFound()
    {
        // "error\u0043ode" is errorCode spelt with an escape: the rule must see the failure.
        var evaluator = Evaluator("all:\n  - field: eventName\n    equals: DeleteTrail\n  - not:\n      is: success");

        Assert.Single(Evaluate(evaluator, """{"eventID":"a","eventName":"DeleteTrail","error\u0043ode":"AccessDenied"}"""));
        Assert.Empty(Evaluate(evaluator, """{"eventID":"b","eventName":"DeleteTrail","error\u0043od":"AccessDenied"}"""));
    }

    [Fact]
    public void ManyKeys_SameFirstBytes_AreToldApart()
    {
        // Names alike in length and first eight bytes, and more properties than the list first holds.
        var filler = string.Concat(Enumerable.Range(0, 40).Select(i => $"\"field{i:D2}\":{i},"));
        var evaluator = Evaluator("field: requestParametersX\nequals: wanted", dedupKey: "{requestParametersY}");
        var record = "{" + filler + """ "requestParametersX":"wanted","requestParametersY":"key","requestParametersZ":"other","eventID":"a"}""";

        var match = Assert.Single(Evaluate(evaluator, record));
        Assert.Equal("key", match.DedupKey);
    }

    [Fact]
    public void RecordWithMoreKeysThanAreListed_IsStillRead()
    {
        // Past the listing's bound a record is read by walking it, with the same answers.
        var filler = string.Concat(Enumerable.Range(0, 1500).Select(i => $"\"k{i}\":{i},"));
        var evaluator = Evaluator("field: userAgent\nequals: tool/1.0", dedupKey: "{sourceIPAddress}");
        var record = "{" + """ "sourceIPAddress":"198.51.100.1",""" + filler + """ "userAgent":"tool/1.0","eventID":"a","sourceIPAddress":"198.51.100.2"}""";

        var match = Assert.Single(Evaluate(evaluator, record));
        Assert.Equal("198.51.100.2", match.DedupKey);
    }

    [Fact]
    public void RecordsInTurn_DoNotSeeEachOthersFields()
    {
        // The list is reused from one record to the next on a thread.
        var evaluator = Evaluator("field: userAgent\nequals: tool/1.0", dedupKey: "{userAgent}/{sourceIPAddress}");

        var first = Assert.Single(Evaluate(evaluator, """{"eventID":"a","userAgent":"tool/1.0","sourceIPAddress":"198.51.100.7"}"""));
        Assert.Empty(Evaluate(evaluator, """{"eventID":"b","sourceIPAddress":"198.51.100.8"}"""));
        var third = Assert.Single(Evaluate(evaluator, """{"eventID":"c","userAgent":"tool/1.0"}"""));

        Assert.Equal("tool/1.0/198.51.100.7", first.DedupKey);
        Assert.Equal("tool/1.0/", third.DedupKey);
        Assert.Equal("c", third.EventId);
    }
}
