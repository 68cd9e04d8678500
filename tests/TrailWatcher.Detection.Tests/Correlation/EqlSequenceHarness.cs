using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Correlation.Loading;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Detection.Tests.Correlation;

/// <summary>A sequence file's hidden rules in a <see cref="RecordEvaluator"/>, their matches fed to a <see cref="CorrelationEngine"/>.</summary>
internal sealed class EqlSequenceHarness
{
    private RecordEvaluator _evaluator = null!;

    /// <summary>The hidden rules: the steps, then the until step when there is one.</summary>
    public IReadOnlyList<Rule> Steps { get; private init; } = [];

    public CorrelationSet Set { get; private init; } = CorrelationSet.Empty;

    /// <summary>Compiles a sequence file; fails the test on any load error.</summary>
    public static (IReadOnlyList<Rule> Steps, CorrelationRule Correlation) Load(string yaml)
    {
        var errors = new List<RuleLoadError>();
        var (steps, correlation) = EqlSequenceFiles.Parse("rules/seq.yml", yaml, errors);
        Assert.Empty(errors);
        return (steps, correlation!);
    }

    public static EqlSequenceHarness Of(string yaml)
    {
        var (steps, correlation) = Load(yaml);
        var resolution = CorrelationResolver.Resolve([correlation], CorrelationSet.IndexRules(steps));
        Assert.Empty(resolution.Errors);
        return new EqlSequenceHarness { Steps = steps, Set = resolution.Set!, _evaluator = new RecordEvaluator(steps) };
    }

    /// <summary>Feeds the events in the order given, then flushes; with a lateness, windows are decided as the events' times move the watermark.</summary>
    public List<CorrelationMatch> Run(IEnumerable<TestEvent> events, TimeSpan? lateness = null)
    {
        var engine = new CorrelationEngine(Set, new CorrelationOptions { AllowedLateness = lateness ?? TimeSpan.FromDays(365) });
        var found = new List<CorrelationMatch>();
        foreach (var e in events)
        {
            var bytes = Encoding.UTF8.GetBytes(e.Json);
            var ruleMatches = new List<RuleMatch>();
            var verdict = _evaluator.Evaluate(bytes, _evaluator.Index.Rules.ToArray(), "test", 0, DateTimeOffset.UnixEpoch, ruleMatches);
            Assert.Null(verdict.RuleErrors);
            using var document = JsonDocument.Parse(bytes);
            foreach (var match in ruleMatches.Where(m => Set.IsReferenced(m.Rule.Id)))
            {
                var result = engine.Add(match.Rule, document.RootElement, e.Time, e.EventId);
                Assert.Empty(result.Late);
                found.AddRange(result.Matches);
            }
        }

        found.AddRange(engine.Flush().Matches);
        return found;
    }
}
