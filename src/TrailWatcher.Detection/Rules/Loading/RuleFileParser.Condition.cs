using TrailWatcher.Detection.Rules.Conditions;
using TrailWatcher.Detection.Rules.Loading.Eql;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>The rule's condition: the native <c>condition</c> block, or with <c>language: eql</c> the EQL <c>query</c>.</summary>
internal sealed partial class RuleFileParser
{
    private const string EqlLanguage = "eql";

    // A sequence file's own Rule only carries its metadata; its steps are rules of their own. This one matches nothing.
    private static readonly Condition SequencePlaceholder = new AnyCondition([]);

    // Keys of a single-event rule's alert that a sequence's correlation alert has no place for.
    private static readonly string[] NotForSequences = ["risk_score", "context", "dedup", "threshold", "tests"];

    /// <summary>The compiled sequence when the file's EQL query is one (only when the parser was made for sequences).</summary>
    public EqlSequence? Sequence { get; private set; }

    private void CheckSequenceKeys(Dictionary<string, YamlNode> fields)
    {
        foreach (var key in NotForSequences.Where(fields.ContainsKey))
        {
            context.Error(fields[key], $"'{key}' does not apply to an EQL sequence: its alert is a correlation alert (one per matched sequence, severity from 'severity')");
        }
    }

    private (Condition? Condition, string Format) ParseCondition(Dictionary<string, YamlNode> fields, YamlMappingNode root, string id, bool ignoreCase)
    {
        fields.TryGetValue("condition", out var conditionNode);
        fields.TryGetValue("query", out var queryNode);
        fields.TryGetValue("event_category_override", out var categoryNode);
        var language = fields.TryGetValue("language", out var languageNode) ? ParseLanguage(languageNode) : RuleFormats.Native;
        if (conditionNode is not null && queryNode is not null)
        {
            context.Error(queryNode, "a rule has either a native 'condition' or an EQL 'query' (with language: eql), not both");
            return (null, language ?? RuleFormats.Native);
        }

        if (language == RuleFormats.Eql)
        {
            if (fields.ContainsKey("case_insensitive"))
            {
                // An EQL query says case per comparison (':', '~' functions, 'in~'); a rule-wide flag would contradict it.
                context.Error(fields["case_insensitive"], "'case_insensitive' applies to native conditions; in EQL use ':', 'in~', 'like~' or a function's '~' form");
            }

            if (queryNode is null)
            {
                context.Error(conditionNode ?? languageNode!, "language: eql needs the EQL query in 'query:' (not 'condition:')");
                return (null, RuleFormats.Eql);
            }

            if (EqlRuleQuery.SequenceText(queryNode) is not null)
            {
                if (!sequences)
                {
                    context.Error(queryNode, "an EQL sequence compiles to a correlation: it loads with the rule pack (RulePackLoader, as scan and run load rules), not as a single-event rule");
                    return (null, RuleFormats.Eql);
                }

                Sequence = new EqlRuleQuery(context).CompileSequence(queryNode, categoryNode, id);
                return (Sequence is null ? null : SequencePlaceholder, RuleFormats.Eql);
            }

            return (new EqlRuleQuery(context).Compile(queryNode, categoryNode, id), RuleFormats.Eql);
        }

        if (language is null)
        {
            return (null, RuleFormats.Native);
        }

        if (queryNode is not null)
        {
            context.Error(queryNode, "'query' holds an EQL query: add 'language: eql', or write a native 'condition'");
            return (null, RuleFormats.Native);
        }

        if (categoryNode is not null)
        {
            context.Error(categoryNode, "'event_category_override' applies only to language: eql");
        }

        return _yaml.Required(fields, root, "condition") is { } node
            ? (new ConditionParser(context, id, ignoreCase).Parse(node), RuleFormats.Native)
            : (null, RuleFormats.Native);
    }

    // native (the default) or eql; anything else is named with the choices.
    private string? ParseLanguage(YamlNode node)
    {
        var text = _yaml.String(node, "language");
        switch (text)
        {
            case null:
                return null;
            case RuleFormats.Native:
                return RuleFormats.Native;
            case EqlLanguage:
                return RuleFormats.Eql;
            default:
                context.Error(node, $"language '{text}' is not one of native, eql");
                return null;
        }
    }
}
