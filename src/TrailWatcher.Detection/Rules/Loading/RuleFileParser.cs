using System.Text.Json;
using System.Text.RegularExpressions;
using TrailWatcher.Detection.Rules.Conditions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>Parses one native YAML rule file into a <see cref="Rule"/>, reporting every problem rather than stopping at the first.</summary>
internal sealed partial class RuleFileParser(LoadContext context)
{
    private static readonly string[] TopLevelKeys =
    [
        "id", "title", "description", "severity", "risk_score", "enabled", "tags", "mitre", "references", "runbook",
        "case_insensitive", "context", "dedup", "threshold", "signal", "condition", "tests",
    ];

    private static readonly string[] Severities = ["info", "low", "medium", "high", "critical"];

    /// <summary>The parsed rule and where its id is written (for duplicate reports), or null when the file had errors.</summary>
    public (Rule Rule, Mark IdMark)? Parse(string yaml)
    {
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            context.Error(ex.Start, $"YAML syntax error: {StripMark(ex.Message)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // Its message ("Operation is not valid…") would not help a rule author; the position does.
            context.Error(parser.LastGoodMark, "YAML syntax error: cannot parse past this point (check for an unclosed bracket or quote)");
            return null;
        }

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
        var fields = ReadKeys(root, TopLevelKeys, "key");

        var idNode = Required(fields, root, "id");
        var id = idNode is null ? null : String(idNode, "id");
        if (id is not null && !IdPattern().IsMatch(id))
        {
            context.Error(idNode!, $"id '{id}' may contain only letters, digits, '.', '_' and '-'");
        }

        var title = Required(fields, root, "title") is { } titleNode ? String(titleNode, "title") : null;
        var description = Required(fields, root, "description") is { } descriptionNode ? String(descriptionNode, "description") : null;
        var severity = Required(fields, root, "severity") is { } severityNode ? ParseSeverity(severityNode) : null;
        var riskScore = fields.TryGetValue("risk_score", out var riskNode) ? ParseRiskScore(riskNode) : null;
        var enabled = !fields.TryGetValue("enabled", out var enabledNode) || (Bool(enabledNode, "enabled") ?? true);
        var ignoreCase = fields.TryGetValue("case_insensitive", out var caseNode) && (Bool(caseNode, "case_insensitive") ?? false);
        var tags = fields.TryGetValue("tags", out var tagsNode) ? StringList(tagsNode, "tags") : [];
        var mitre = fields.TryGetValue("mitre", out var mitreNode) ? ParseMitre(mitreNode) : MitreAttack.None;
        var references = fields.TryGetValue("references", out var referencesNode) ? ParseReferences(referencesNode) : [];
        var runbook = fields.TryGetValue("runbook", out var runbookNode) ? String(runbookNode, "runbook") : null;
        var contextFields = fields.TryGetValue("context", out var contextNode) ? ParseContext(contextNode) : [];
        var dedup = fields.TryGetValue("dedup", out var dedupNode) ? ParseDedup(dedupNode, id ?? "") : null;
        var threshold = fields.TryGetValue("threshold", out var thresholdNode) ? ParseThreshold(thresholdNode, dedupNode) : 1;
        var signal = fields.TryGetValue("signal", out var signalNode) && (Bool(signalNode, "signal") ?? false);

        Condition? condition = null;
        if (Required(fields, root, "condition") is { } conditionNode)
        {
            condition = new ConditionParser(context, id ?? "", ignoreCase).Parse(conditionNode);
        }

        var tests = fields.TryGetValue("tests", out var testsNode) ? ParseTests(testsNode) : [];

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
            RiskScore = riskScore ?? DefaultRiskScore(severity.Value),
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
            Tests = tests,
            SourceFile = context.File,
        };
        return (rule, idNode!.Start);
    }

    private static int DefaultRiskScore(Severity severity) => severity switch
    {
        Severity.Info => 0,
        Severity.Low => 21,
        Severity.Medium => 47,
        Severity.High => 73,
        _ => 99,
    };

    private Dictionary<string, YamlNode> ReadKeys(YamlMappingNode mapping, string[] allowed, string what)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                context.Error(keyNode, $"{what}s must be plain text");
                continue;
            }

            if (!allowed.Contains(key))
            {
                context.Error(keyNode, $"unknown {what} '{key}' (expected one of {string.Join(", ", allowed)})");
                continue;
            }

            result[key] = value;
        }

        return result;
    }

    private YamlNode? Required(Dictionary<string, YamlNode> fields, YamlNode owner, string key)
    {
        if (fields.TryGetValue(key, out var node))
        {
            return node;
        }

        context.Error(owner, $"missing required key '{key}'");
        return null;
    }

    private string? String(YamlNode node, string key)
    {
        if (node is YamlScalarNode scalar && YamlScalars.Resolve(scalar) != ScalarKind.Null && !string.IsNullOrWhiteSpace(scalar.Value))
        {
            return scalar.Value;
        }

        context.Error(node, $"'{key}' expects non-empty text");
        return null;
    }

    private bool? Bool(YamlNode node, string key)
    {
        if (node is YamlScalarNode scalar && YamlScalars.TryGetBool(scalar, out var value))
        {
            return value;
        }

        context.Error(node, $"'{key}' expects true or false");
        return null;
    }

    private List<string> StringList(YamlNode node, string key)
    {
        if (node is not YamlSequenceNode sequence)
        {
            context.Error(node, $"'{key}' expects a list");
            return [];
        }

        var values = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (String(item, key) is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }

    private Severity? ParseSeverity(YamlNode node)
    {
        var text = String(node, "severity");
        if (text is null)
        {
            return null;
        }

        var index = Array.IndexOf(Severities, text.ToLowerInvariant());
        if (index < 0)
        {
            context.Error(node, $"severity '{text}' is not one of {string.Join(", ", Severities)}");
            return null;
        }

        return (Severity)index;
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

        var fields = ReadKeys(mapping, ["tactics", "techniques"], "mitre key");
        var tactics = fields.TryGetValue("tactics", out var tacticsNode) ? Matching(tacticsNode, "tactics", TacticPattern(), "TA0005") : [];
        var techniques = fields.TryGetValue("techniques", out var techniquesNode)
            ? Matching(techniquesNode, "techniques", TechniquePattern(), "T1562 or T1562.008")
            : [];
        return new MitreAttack(tactics, techniques);
    }

    private List<string> Matching(YamlNode node, string key, Regex pattern, string example)
    {
        var values = StringList(node, key);
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
        var values = StringList(node, "references");
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

            if (String(value, $"context.{name}") is { } text)
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

    // A threshold counts matches within a period, so above 1 it needs the period that dedup gives.
    private int? ParseThreshold(YamlNode node, YamlNode? dedupNode)
    {
        if (node is not YamlScalarNode scalar
            || YamlScalars.Resolve(scalar) != ScalarKind.Int
            || !int.TryParse(scalar.Value, System.Globalization.CultureInfo.InvariantCulture, out var threshold)
            || threshold < 1)
        {
            context.Error(node, "'threshold' expects a whole number of at least 1");
            return null;
        }

        if (threshold > 1 && dedupNode is null)
        {
            context.Error(node, $"'threshold: {threshold}' counts matches within a dedup period: add 'dedup: {{period: ...}}'");
            return null;
        }

        return threshold;
    }

    private DedupSettings? ParseDedup(YamlNode node, string ruleId)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, "'dedup' expects a mapping with key and period");
            return null;
        }

        var fields = ReadKeys(mapping, ["key", "period"], "dedup key");
        var key = ruleId;
        if (fields.TryGetValue("key", out var keyNode) && String(keyNode, "dedup.key") is { } template)
        {
            key = template;
            foreach (var problem in DedupTemplateProblems(template))
            {
                context.Error(keyNode, problem);
            }
        }

        if (Required(fields, mapping, "period") is not { } periodNode || String(periodNode, "dedup.period") is not { } periodText)
        {
            return null;
        }

        if (!DurationParser.TryParse(periodText, out var period))
        {
            context.Error(periodNode, $"dedup period '{periodText}' is not a positive duration (30s, 15m, 1h, 1d or 01:00:00)");
            return null;
        }

        // The template's syntax was checked above and reported with its position; compiling it cannot add a problem.
        DedupKeyTemplate.TryParse(key, out var compiled, out _);
        return new DedupSettings(compiled, period);
    }

    private static IEnumerable<string> DedupTemplateProblems(string template)
    {
        var open = -1;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '{')
            {
                if (open >= 0)
                {
                    yield return $"dedup key '{template}' has a '{{' inside a placeholder";
                    yield break;
                }

                open = i;
            }
            else if (template[i] == '}')
            {
                if (open < 0)
                {
                    yield return $"dedup key '{template}' has a '}}' without its '{{'";
                    yield break;
                }

                if (!FieldPath.TryParse(template[(open + 1)..i], out _, out var error))
                {
                    yield return $"dedup key placeholder: {error}";
                }

                open = -1;
            }
        }

        if (open >= 0)
        {
            yield return $"dedup key '{template}' has an unclosed '{{'";
        }
    }

    private List<RuleTestCase> ParseTests(YamlNode node)
    {
        var result = new List<RuleTestCase>();
        if (node is not YamlSequenceNode sequence)
        {
            context.Error(node, "'tests' expects a list of {name, expected, event}");
            return result;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                context.Error(item, "a test must be a mapping with name, expected and event");
                continue;
            }

            var fields = ReadKeys(mapping, ["name", "expected", "event"], "test key");
            var nameNode = Required(fields, mapping, "name");
            var name = nameNode is null ? null : String(nameNode, "name");
            var expected = Required(fields, mapping, "expected") is { } expectedNode ? Bool(expectedNode, "expected") : null;
            var eventJson = Required(fields, mapping, "event") is { } eventNode ? ParseEvent(eventNode) : null;
            if (name is not null && !names.Add(name))
            {
                context.Error(nameNode!, $"duplicate test name '{name}'");
            }

            if (name is not null && expected is not null && eventJson is not null)
            {
                result.Add(new RuleTestCase(name, eventJson, expected.Value, checked((int)mapping.Start.Line)));
            }
        }

        return result;
    }

    private string? ParseEvent(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode:
                return YamlToJson.Convert(node, context);
            case YamlScalarNode scalar when YamlScalars.Resolve(scalar) == ScalarKind.String:
                var text = scalar.Value ?? "";
                try
                {
                    using var document = JsonDocument.Parse(text);
                    if (document.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        // Kept verbatim so escapes in the text reach the reader exactly as written.
                        return text;
                    }

                    context.Error(node, "test event must be a JSON object");
                    return null;
                }
                catch (JsonException ex)
                {
                    context.Error(node, $"test event is not valid JSON: {ex.Message}");
                    return null;
                }

            default:
                context.Error(node, "test event must be a mapping or a string holding a JSON object");
                return null;
        }
    }

    /// <summary>YamlDotNet prefixes its message with the marks we already report; keep just the reason.</summary>
    private static string StripMark(string message) => MarkPrefixPattern().Replace(message, "");

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^TA\d{4}$")]
    private static partial Regex TacticPattern();

    [GeneratedRegex(@"^T\d{4}(\.\d{3})?$")]
    private static partial Regex TechniquePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ContextNamePattern();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefixPattern();
}
