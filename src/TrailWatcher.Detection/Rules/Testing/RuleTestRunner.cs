using System.Text.Json;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Rules.Testing;

/// <summary>Runs the embedded tests of rules through the production path: log document, record read, index lookup, condition.</summary>
public sealed class RuleTestRunner
{
    private RuleTestRunner()
    {
    }

    /// <summary>Every test of every rule, disabled rules included, in rule then test order.</summary>
    public static IReadOnlyList<RuleTestResult> Run(IEnumerable<Rule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var all = rules.ToList();

        // Indexed regardless of Enabled, so a disabled rule's tests still prove the index would not drop its events.
        var index = new RuleIndex(all);
        var results = new List<RuleTestResult>();
        foreach (var rule in all)
        {
            foreach (var test in rule.Tests)
            {
                results.Add(RunOne(index, rule, test));
            }
        }

        return results;
    }

    public static IReadOnlyList<RuleTestResult> Run(RuleSet ruleSet)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        return Run(ruleSet.Rules);
    }

    private static RuleTestResult RunOne(RuleIndex index, Rule rule, RuleTestCase test)
    {
        var logJson = "{\"Records\":[" + test.EventJson + "]}";
        try
        {
            using var record = TestRecordReader.ReadSingle(logJson);
            var matched = rule.Matches(record.Record);
            if (matched && !index.Candidates(record.EventSource, record.EventName).Contains(rule))
            {
                return new RuleTestResult(rule, test, false, "the rule matches but the index would drop this event (not offered as a candidate)");
            }

            if (matched != test.ExpectedMatch)
            {
                var failure = test.ExpectedMatch ? "expected a match, but the rule did not match" : "expected no match, but the rule matched";
                return new RuleTestResult(rule, test, false, failure);
            }

            return new RuleTestResult(rule, test, true, null);
        }
        catch (Exception ex) when (ex is RuleEvaluationException or JsonException or CloudTrailFormatException or InvalidOperationException or KeyNotFoundException)
        {
            return new RuleTestResult(rule, test, false, ex.Message);
        }
    }
}
