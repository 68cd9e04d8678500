using System.Text.RegularExpressions;
using TrailWatcher.Detection.Rules.Conditions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>Parses one native YAML rule file (its condition native, or an EQL query) into a <see cref="Rule"/>, reporting every problem rather than stopping at the first.</summary>
/// <param name="context">Where problems go.</param>
/// <param name="sequences">True to compile an EQL <c>sequence</c> query (into <see cref="Sequence"/>); false refuses one.</param>
internal sealed partial class RuleFileParser(LoadContext context, bool sequences = false)
{
    private readonly YamlNodeReader _yaml = new(context);

    private static readonly string[] TopLevelKeys =
    [
        "id", "title", "description", "severity", "risk_score", "enabled", "tags", "mitre", "references", "runbook",
        "case_insensitive", "context", "dedup", "threshold", "signal", "condition", "tests",
        "language", "query", "event_category_override",
    ];

    private readonly DedupParser _dedup = new(context);
    private readonly RuleTestCaseParser _tests = new(context);

    /// <summary>The parsed rule and where its id is written (for duplicate reports), or null when the file had errors.</summary>
    public (Rule Rule, Mark IdMark)? Parse(YamlStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Documents.Count == 0)
        {
            context.Error(Mark.Empty, "file holds no rule");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            context.Error(stream.Documents[1].RootNode, "one rule per file: found a second YAML document");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            context.Error(stream.Documents[0].RootNode, "a rule must be a YAML mapping (id, title, condition, ...)");
            return null;
        }

        var before = context.ErrorCount;
        var rule = ParseRule(root);
        return rule is not null && context.ErrorCount == before ? rule : null;
    }

    private (Rule Rule, Mark IdMark)? ParseRule(YamlMappingNode root)
    {
        var fields = _yaml.ReadKeys(root, TopLevelKeys, "key");

        var idNode = _yaml.Required(fields, root, "id");
        var id = idNode is null ? null : _yaml.String(idNode, "id");
        if (id is not null && !IdPattern().IsMatch(id))
        {
            context.Error(idNode!, $"id '{id}' may contain only letters, digits, '.', '_' and '-'");
        }

        var title = _yaml.Required(fields, root, "title") is { } titleNode ? _yaml.String(titleNode, "title") : null;
        var description = _yaml.Required(fields, root, "description") is { } descriptionNode ? _yaml.String(descriptionNode, "description") : null;
        var severity = _yaml.Required(fields, root, "severity") is { } severityNode ? ParseSeverity(severityNode) : null;
        var riskScore = fields.TryGetValue("risk_score", out var riskNode) ? ParseRiskScore(riskNode) : null;
        var enabled = !fields.TryGetValue("enabled", out var enabledNode) || (_yaml.Bool(enabledNode, "enabled") ?? true);
        var ignoreCase = fields.TryGetValue("case_insensitive", out var caseNode) && (_yaml.Bool(caseNode, "case_insensitive") ?? false);
        var tags = fields.TryGetValue("tags", out var tagsNode) ? _yaml.StringList(tagsNode, "tags") : [];
        var mitre = fields.TryGetValue("mitre", out var mitreNode) ? ParseMitre(mitreNode) : MitreAttack.None;
        var references = fields.TryGetValue("references", out var referencesNode) ? ParseReferences(referencesNode) : [];
        var runbook = fields.TryGetValue("runbook", out var runbookNode) ? _yaml.String(runbookNode, "runbook") : null;
        var contextFields = fields.TryGetValue("context", out var contextNode) ? ParseContext(contextNode) : [];
        var dedup = fields.TryGetValue("dedup", out var dedupNode) ? _dedup.ParseDedup(dedupNode, id ?? "") : null;
        var threshold = fields.TryGetValue("threshold", out var thresholdNode) ? _dedup.ParseThreshold(thresholdNode, dedupNode) : 1;
        var signal = fields.TryGetValue("signal", out var signalNode) && (_yaml.Bool(signalNode, "signal") ?? false);

        var (condition, format) = ParseCondition(fields, root, id ?? "", ignoreCase);
        if (Sequence is not null)
        {
            CheckSequenceKeys(fields);
        }

        var tests = fields.TryGetValue("tests", out var testsNode) ? _tests.ParseTests(testsNode) : [];

        if (id is null || title is null || description is null || severity is null || condition is null || threshold is null)
        {
            return null;
        }

        var rule = new Rule
        {
            Id = id,
            Title = title,
            Description = description.TrimEnd(),
            Severity = severity.Value,
            RiskScore = riskScore ?? SeverityNames.DefaultRiskScore(severity.Value),
            Enabled = enabled,
            Tags = tags,
            Mitre = mitre,
            References = references,
            Runbook = runbook?.TrimEnd(),
            Context = contextFields,
            Dedup = dedup,
            Threshold = threshold.Value,
            Signal = signal,
            Condition = condition,
            Format = format,
            Tests = tests,
            SourceFile = context.File,
        };
        return (rule, idNode!.Start);
    }

    private Severity? ParseSeverity(YamlNode node)
    {
        var text = _yaml.String(node, "severity");
        if (text is null)
        {
            return null;
        }

        if (!SeverityNames.TryParse(text, out var severity))
        {
            context.Error(node, $"severity '{text}' is not one of {SeverityNames.List}");
            return null;
        }

        return severity;
    }

    private int? ParseRiskScore(YamlNode node)
    {
        if (node is YamlScalarNode scalar
            && YamlScalars.Resolve(scalar) == ScalarKind.Int
            && int.TryParse(scalar.Value, System.Globalization.CultureInfo.InvariantCulture, out var score)
            && score is >= 0 and <= 100)
        {
            return score;
        }

        context.Error(node, "'risk_score' expects a whole number from 0 to 100");
        return null;
    }

    private MitreAttack ParseMitre(YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, "'mitre' expects a mapping with tactics and techniques");
            return MitreAttack.None;
        }

        var fields = _yaml.ReadKeys(mapping, ["tactics", "techniques"], "mitre key");
        var tactics = fields.TryGetValue("tactics", out var tacticsNode) ? Matching(tacticsNode, "tactics", TacticPattern(), "TA0005") : [];
        var techniques = fields.TryGetValue("techniques", out var techniquesNode)
            ? Matching(techniquesNode, "techniques", TechniquePattern(), "T1562 or T1562.008")
            : [];
        return new MitreAttack(tactics, techniques);
    }

    private List<string> Matching(YamlNode node, string key, Regex pattern, string example)
    {
        var values = _yaml.StringList(node, key);
        if (node is YamlSequenceNode sequence)
        {
            for (var i = 0; i < values.Count && i < sequence.Children.Count; i++)
            {
                if (!pattern.IsMatch(values[i]))
                {
                    context.Error(sequence.Children[i], $"MITRE {key} '{values[i]}' is not an ATT&CK id like {example}");
                }
            }
        }

        return values;
    }

    private List<string> ParseReferences(YamlNode node)
    {
        var values = _yaml.StringList(node, "references");
        if (node is YamlSequenceNode sequence)
        {
            for (var i = 0; i < values.Count && i < sequence.Children.Count; i++)
            {
                if (!Uri.TryCreate(values[i], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                {
                    context.Error(sequence.Children[i], $"reference '{values[i]}' is not an http(s) URL");
                }
            }
        }

        return values;
    }

    private List<ContextField> ParseContext(YamlNode node)
    {
        var result = new List<ContextField>();
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, "'context' expects a mapping of name: field.path");
            return result;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name } || !ContextNamePattern().IsMatch(name))
            {
                context.Error(keyNode, "context names must be identifiers such as actor_arn");
                continue;
            }

            if (_yaml.String(value, $"context.{name}") is { } text)
            {
                if (FieldPath.TryParse(text, out var path, out var error))
                {
                    result.Add(new ContextField(name, path));
                }
                else
                {
                    context.Error(value, error!);
                }
            }
        }

        return result;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^TA\d{4}$")]
    private static partial Regex TacticPattern();

    [GeneratedRegex(@"^T\d{4}(\.\d{3})?$")]
    private static partial Regex TechniquePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ContextNamePattern();
}
