using TrailWatcher.Detection.Rules.Loading.Sigma;
using System.Globalization;
using System.Text.RegularExpressions;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Loading;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Correlation.Loading;

/// <summary>Reads one YAML document holding a Sigma correlation rule, reporting each problem with its position.</summary>
internal sealed partial class CorrelationRuleParser(LoadContext context)
{
    private static readonly string[] SectionKeys = ["type", "rules", "aliases", "group-by", "timespan", "condition"];
    private static readonly string[] ConditionKeys = ["gt", "gte", "lt", "lte", "eq", "field"];

    private readonly YamlNodeReader _yaml = new(context);

    /// <summary>The correlation, or null when the document had errors (reported to the context).</summary>
    /// <param name="root">The document's root mapping, which has a <c>correlation</c> key.</param>
    /// <param name="fallbackId">The id when the document gives neither <c>id</c> nor <c>name</c>.</param>
    public CorrelationRule? Parse(YamlMappingNode root, string fallbackId)
    {
        var before = context.ErrorCount;
        // Top-level keys beyond the specification's are kept out, not refused: Sigma allows custom attributes.
        var fields = YamlFields.ByName(root, context);
        var title = _yaml.Required(fields, root, "title") is { } titleNode ? _yaml.String(titleNode, "title") : null;
        var id = fields.TryGetValue("id", out var idNode) ? _yaml.String(idNode, "id") : null;
        var name = fields.TryGetValue("name", out var nameNode) ? _yaml.String(nameNode, "name") : null;
        var level = Level(fields.GetValueOrDefault("level"));
        var generate = fields.TryGetValue("generate", out var generateNode) ? _yaml.Bool(generateNode, "generate") : false;
        if (_yaml.Required(fields, root, "correlation") is not { } sectionNode)
        {
            return null;
        }

        if (sectionNode is not YamlMappingNode section)
        {
            context.Error(sectionNode, "'correlation' expects a mapping (type, rules, group-by, timespan, condition, aliases)");
            return null;
        }

        var keys = _yaml.ReadKeys(section, SectionKeys, "correlation key");
        var type = Type(keys, section);
        var rules = Rules(keys, section);
        var groupBy = keys.TryGetValue("group-by", out var groupNode) ? StringOrList(groupNode, "group-by") : [];
        var timespan = _yaml.Required(keys, section, "timespan") is { } spanNode ? Timespan(spanNode) : null;
        var condition = type is { } t ? Condition(keys.GetValueOrDefault("condition"), section, t) : null;
        var aliases = keys.TryGetValue("aliases", out var aliasNode) ? Aliases(aliasNode) : [];
        CheckDuplicates(groupBy, groupNode, "group-by");
        if (title is null || type is null || level is null || generate is null || timespan is null || context.ErrorCount != before)
        {
            return null;
        }

        return new CorrelationRule
        {
            Id = id ?? name ?? fallbackId,
            Name = name,
            Title = title,
            Description = Text(fields.GetValueOrDefault("description"))?.TrimEnd() ?? "",
            Status = Text(fields.GetValueOrDefault("status")),
            Author = Text(fields.GetValueOrDefault("author")),
            Severity = level.Value.Severity,
            Signal = level.Value.Signal,
            Tags = Strings(fields, "tags"),
            Mitre = SigmaTags.Mitre(Strings(fields, "tags")),
            FalsePositives = Strings(fields, "falsepositives"),
            References = Strings(fields, "references"),
            Generate = generate.Value,
            Type = type.Value,
            Rules = rules,
            GroupBy = groupBy,
            Timespan = timespan.Value,
            Condition = condition,
            Aliases = aliases,
            SourceFile = context.File,
            Line = checked((int)root.Start.Line),
            Column = checked((int)root.Start.Column),
        };
    }

    private CorrelationType? Type(Dictionary<string, YamlNode> keys, YamlNode section)
    {
        if (_yaml.Required(keys, section, "type") is not { } node || _yaml.String(node, "type") is not { } text)
        {
            return null;
        }

        if (CorrelationTypeNames.TryParse(text, out var type))
        {
            return type;
        }

        context.Error(node, $"unknown correlation type '{text}' (expected one of {CorrelationTypeNames.List})");
        return null;
    }

    private List<CorrelationReference> Rules(Dictionary<string, YamlNode> keys, YamlNode section)
    {
        if (_yaml.Required(keys, section, "rules") is not { } node)
        {
            return [];
        }

        var items = node is YamlSequenceNode sequence ? sequence.Children.ToList() : [node];
        var rules = new List<CorrelationReference>();
        foreach (var item in items)
        {
            if (_yaml.String(item, "rules") is not { } text)
            {
                continue;
            }

            if (rules.Any(r => r.Text == text))
            {
                context.Error(item, $"rule '{text}' is listed twice in 'rules'");
                continue;
            }

            rules.Add(new CorrelationReference(text, checked((int)item.Start.Line), checked((int)item.Start.Column)));
        }

        if (items.Count == 0)
        {
            context.Error(node, "'rules' must name at least one rule");
        }

        return rules;
    }

    private TimeSpan? Timespan(YamlNode node)
    {
        if (_yaml.String(node, "timespan") is not { } text)
        {
            return null;
        }

        // The specification's format only: a number and one lowercase unit letter (90m, not 1h30m or 01:30:00).
        var match = TimespanPattern().Match(text);
        if (match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            var unit = match.Groups[2].Value[0] switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                _ => TimeSpan.FromDays(1),
            };
            if (amount <= TimeSpan.MaxValue.Ticks / unit.Ticks / 4)
            {
                return TimeSpan.FromTicks(amount * unit.Ticks);
            }
        }

        context.Error(node, $"timespan '{text}' is not a positive number followed by s, m, h or d (such as 30s, 5m, 1h, 7d)");
        return null;
    }

    private CorrelationCondition? Condition(YamlNode? node, YamlNode section, CorrelationType type)
    {
        if (node is null)
        {
            if (type is CorrelationType.EventCount or CorrelationType.ValueCount)
            {
                context.Error(section, $"missing required key 'condition' ({CorrelationTypeNames.Name(type)} needs a count to compare with)");
            }

            return null;
        }

        if (type == CorrelationType.TemporalOrdered)
        {
            // The specification gives no meaning to a count over an ordered sequence; refusing beats guessing.
            context.Error(node, "temporal_ordered takes no 'condition': every referenced rule must match, in order");
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, "'condition' expects a mapping such as 'gte: 10'");
            return null;
        }

        var keys = _yaml.ReadKeys(mapping, ConditionKeys, "condition key");
        long? Bound(string key) => keys.TryGetValue(key, out var value) ? Count(value, key) : null;
        var condition = new CorrelationCondition
        {
            GreaterThan = Bound("gt"),
            GreaterOrEqual = Bound("gte"),
            LessThan = Bound("lt"),
            LessOrEqual = Bound("lte"),
            EqualTo = Bound("eq"),
            Field = keys.TryGetValue("field", out var field) ? FieldName(field) : null,
        };
        if (!keys.Keys.Any(k => k != "field"))
        {
            context.Error(mapping, "'condition' needs at least one of gt, gte, lt, lte, eq");
        }

        if (type == CorrelationType.ValueCount && field is null)
        {
            context.Error(mapping, "missing required key 'field' in 'condition' (value_count counts the distinct values of a field)");
        }
        else if (type != CorrelationType.ValueCount && field is not null)
        {
            context.Error(field, $"'field' belongs to value_count conditions, not {CorrelationTypeNames.Name(type)}");
        }

        return condition;
    }

    private long? Count(YamlNode node, string key)
    {
        if (node is YamlScalarNode scalar && YamlScalars.Resolve(scalar) == ScalarKind.Int
            && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return value;
        }

        context.Error(node, $"condition '{key}' expects a whole number of at least 0");
        return null;
    }

    private string? FieldName(YamlNode node)
    {
        if (node is YamlSequenceNode)
        {
            context.Error(node, "condition 'field' must name one field (counting combinations of several fields is not supported)");
            return null;
        }

        return _yaml.String(node, "field");
    }

    private List<CorrelationAlias> Aliases(YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, "'aliases' expects a mapping of alias name to (rule: field)");
            return [];
        }

        var aliases = new List<CorrelationAlias>();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (_yaml.String(keyNode, "aliases") is not { } name)
            {
                continue;
            }

            if (valueNode is not YamlMappingNode perRule)
            {
                context.Error(valueNode, $"alias '{name}' expects a mapping of rule to field");
                continue;
            }

            var fields = new List<(CorrelationReference, string)>();
            foreach (var (ruleNode, fieldNode) in perRule.Children)
            {
                if (_yaml.String(ruleNode, "aliases") is { } rule && _yaml.String(fieldNode, $"aliases.{name}.{rule}") is { } field)
                {
                    fields.Add((new CorrelationReference(rule, checked((int)ruleNode.Start.Line), checked((int)ruleNode.Start.Column)), field));
                }
            }

            aliases.Add(new CorrelationAlias(name, fields, checked((int)keyNode.Start.Line), checked((int)keyNode.Start.Column)));
        }

        // Whether every referenced rule is covered is checked on resolution: an alias may name a rule by its id or its name.
        return aliases;
    }

    private List<string> StringOrList(YamlNode node, string key) => node is YamlScalarNode ? (_yaml.String(node, key) is { } one ? [one] : []) : _yaml.StringList(node, key);

    private void CheckDuplicates(List<string> values, YamlNode? node, string key)
    {
        if (node is not null && values.Distinct(StringComparer.Ordinal).Count() != values.Count)
        {
            context.Error(node, $"'{key}' lists a field twice");
        }
    }

    private (Severity Severity, bool Signal)? Level(YamlNode? node)
    {
        if (node is null)
        {
            return (Severity.Medium, false);
        }

        var text = _yaml.String(node, "level");
        if (text is "informational")
        {
            return (Severity.Info, true);
        }

        if (text is "low" or "medium" or "high" or "critical" && SeverityNames.TryParse(text, out var severity))
        {
            return (severity, false);
        }

        if (text is not null)
        {
            context.Error(node, $"level '{text}' is not one of informational, low, medium, high, critical");
        }

        return null;
    }

    // Sigma lets these be one text or a list; either reads as a list.
    private List<string> Strings(Dictionary<string, YamlNode> fields, string key) => fields.GetValueOrDefault(key) switch
    {
        null => [],
        YamlScalarNode scalar when YamlScalars.Resolve(scalar) == ScalarKind.Null => [],
        YamlScalarNode scalar => [scalar.Value ?? ""],
        var node => _yaml.StringList(node, key),
    };

    private static string? Text(YamlNode? node) => node is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;

    [GeneratedRegex("^([0-9]+)([smhd])$")]
    private static partial Regex TimespanPattern();
}
