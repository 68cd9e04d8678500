using System.Text.Json;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Testing;

/// <summary>Runs the embedded tests of rules through the production path: log document, record read, index lookup, <see cref="RecordEvaluator"/> (tuning exceptions included).</summary>
public static class RuleTestRunner
{
    /// <summary>Every test of every rule, disabled rules included, in rule then test order.</summary>
    public static IReadOnlyList<RuleTestResult> Run(IEnumerable<Rule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var all = rules.ToList();

        // Indexed regardless of Enabled, so a disabled rule's tests still prove the index would not drop its events.
        var evaluator = new RecordEvaluator(all);
        var results = new List<RuleTestResult>();
        foreach (var rule in all)
        {
            foreach (var test in rule.Tests)
            {
                results.Add(RunOne(evaluator, rule, test));
            }
        }

        return results;
    }

    public static IReadOnlyList<RuleTestResult> Run(RuleSet ruleSet)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        return Run(ruleSet.Rules);
    }

    private static RuleTestResult RunOne(RecordEvaluator evaluator, Rule rule, RuleTestCase test)
    {
        var logJson = "{\"Records\":[" + test.EventJson + "]}";
        try
        {
            var record = TestRecordReader.ReadSingle(logJson);
            var matches = new List<RuleMatch>(1);
            var verdict = evaluator.Evaluate(record.Json, [rule], "test event", 0, DateTimeOffset.UnixEpoch, matches);
            if (verdict.FormatError is { } formatError)
            {
                return new RuleTestResult(rule, test, false, formatError.Message);
            }

            if (verdict.RuleErrors is [var ruleError, ..])
            {
                return new RuleTestResult(rule, test, false, ruleError.Message);
            }

            // A match an exception silences is still a match of the rule's condition: the test judges the condition.
            var silencedBy = verdict.Suppressions is [var suppression, ..] ? suppression.Exception : null;
            var matched = matches.Count > 0 || silencedBy is not null;
            var offered = evaluator.Index.Admit(evaluator.Index.Candidates(record.EventSource, record.EventName), record.Json, record.Traits, record.Identity) ?? [];
            if (matched && !offered.Contains(rule))
            {
                return new RuleTestResult(rule, test, false, "the rule matches but the index would drop this event (not offered as a candidate)");
            }

            if (matched != test.ExpectedMatch)
            {
                var failure = test.ExpectedMatch ? "expected a match, but the rule did not match" : "expected no match, but the rule matched";
                return new RuleTestResult(rule, test, false, silencedBy is null ? failure : $"{failure} (exception {silencedBy.Name} silences it)");
            }

            return new RuleTestResult(rule, test, true, null, silencedBy);
        }
        catch (Exception ex) when (ex is JsonException or CloudTrailFormatException or InvalidOperationException or KeyNotFoundException)
        {
            return new RuleTestResult(rule, test, false, ex.Message);
        }
    }
}
