using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;
using TrailWatcher.Detection.Rules.Loading;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Correlation.Loading;

/// <summary>
/// EQL rule files whose query is a <c>sequence</c>: one hidden single-event rule per step (<c>id#step1</c>, …), one for
/// an <c>until</c> step (<c>id#until</c>), and one <c>temporal_ordered</c> correlation over them, with the file's
/// metadata and <c>generate: false</c> so only the sequence raises an alert.
/// </summary>
public static class EqlSequenceFiles
{
    /// <summary>
    /// The timespan of a sequence without <c>with maxspan</c>. Elastic puts no limit on such a sequence; the engine holds
    /// a group's events for its timespan, so one is needed: a week covers multi-day intrusions and keeps state bounded.
    /// </summary>
    public static readonly TimeSpan DefaultMaxspan = TimeSpan.FromDays(7);

    /// <summary>True when the text is a rule file with <c>language: eql</c> whose <c>query</c> is a sequence.</summary>
    public static bool Recognise(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        // Every rule file passes here at every start: the exact search first, as a case-insensitive one over a whole
        // file (its test events too) costs several times more.
        if (!yaml.Contains("eql", StringComparison.Ordinal) || !yaml.Contains("sequence", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var stream = YamlFile.Load(yaml, new LoadContext("", []));
        return stream is { Documents.Count: 1 }
            && stream.Documents[0].RootNode is YamlMappingNode root
            && root.Children.TryGetValue(new YamlScalarNode("language"), out var language)
            && language is YamlScalarNode { Value: "eql" }
            && root.Children.TryGetValue(new YamlScalarNode("query"), out var query)
            && EqlRuleQuery.SequenceText(query) is not null;
    }

    /// <summary>
    /// The hidden rules (the steps, then the <c>until</c> step as <c>id#until</c> when there is one) and the correlation of
    /// one sequence file; both empty / null when it has a problem (added to <paramref name="errors"/>).
    /// </summary>
    public static (IReadOnlyList<Rule> Steps, CorrelationRule? Correlation) Parse(string name, string yaml, List<RuleLoadError> errors)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(errors);
        var context = new LoadContext(name, errors) { Source = yaml };
        if (YamlFile.Load(yaml, context) is not { } stream)
        {
            return ([], null);
        }

        var parser = new RuleFileParser(context, sequences: true);
        if (parser.Parse(stream) is not { } parsed || parser.Sequence is not { } sequence)
        {
            return ([], null);
        }

        var (rule, mark) = parsed;
        var (line, column) = (checked((int)mark.Line), checked((int)mark.Column));
        Rule Hidden(string suffix, string what, Condition condition) => new()
        {
            Id = $"{rule.Id}#{suffix}",
            Title = $"{rule.Title} ({what})",
            Description = rule.Description,
            Severity = rule.Severity,
            RiskScore = rule.RiskScore,
            Enabled = rule.Enabled,
            Condition = condition,
            Format = RuleFormats.Eql,
            SourceFile = name,
            PartOf = rule.Id,
        };

        var steps = sequence.Steps.Select((step, i) => Hidden($"step{i + 1}", $"sequence step {i + 1} of {sequence.Steps.Count}", step.Condition)).ToList();
        var until = sequence.Until is { } end ? Hidden("until", "sequence until", end.Condition) : null;
        var references = steps.Select(s => new CorrelationReference(s.Id, line, column)).ToList();
        var untilReference = until is null ? null : new CorrelationReference(until.Id, line, column);

        // Join key k: each step's own path for it. One path for all steps names the group (the alert then finds the
        // actor, account, region or address by it); otherwise the first step's ECS name does. Either way an alias maps
        // every step, and the until step, to its path.
        var groupBy = new List<string>();
        var aliases = new List<CorrelationAlias>();
        for (var k = 0; k < sequence.JoinKeys; k++)
        {
            var paths = sequence.Steps.Select(s => s.Keys[k].Path.Text).ToList();
            var alias = paths.Distinct(StringComparer.Ordinal).Count() == 1 ? paths[0] : sequence.Steps[0].Keys[k].Name;
            if (groupBy.Contains(alias, StringComparer.Ordinal))
            {
                context.Error(mark, $"EQL: the sequence joins on '{alias}' twice");
                return ([], null);
            }

            groupBy.Add(alias);
            var fields = references.Zip(paths).ToList();
            if (untilReference is not null)
            {
                fields.Add((untilReference, sequence.Until!.Keys[k].Path.Text));
            }

            aliases.Add(new CorrelationAlias(alias, fields, line, column));
        }

        var correlation = new CorrelationRule
        {
            Id = rule.Id,
            Title = rule.Title,
            Description = rule.Description,
            Runbook = rule.Runbook,
            Severity = rule.Severity,
            Signal = rule.Signal,
            Tags = rule.Tags,
            Mitre = rule.Mitre,
            References = rule.References,
            Generate = false,
            Type = CorrelationType.TemporalOrdered,
            Rules = references,
            Until = untilReference,
            GroupBy = groupBy,
            Timespan = sequence.Maxspan ?? DefaultMaxspan,
            DistinctEvents = true,
            Format = RuleFormats.Eql,
            Aliases = aliases,
            SourceFile = name,
            Line = line,
            Column = column,
        };
        return (until is null ? steps : [.. steps, until], correlation);
    }
}
