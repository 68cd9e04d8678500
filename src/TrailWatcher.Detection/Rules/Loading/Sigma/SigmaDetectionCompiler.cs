using TrailWatcher.Detection.Rules.Conditions;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>Compiles a Sigma <c>detection</c> section: each search identifier into a condition, then the condition expression over them.</summary>
internal sealed class SigmaDetectionCompiler(LoadContext context, string ruleId)
{
    private readonly SigmaFieldCompiler _fields = new(context, ruleId);

    /// <summary>The rule's condition, or null after reporting every problem found.</summary>
    public Condition? Compile(YamlNode node)
    {
        if (node is not YamlMappingNode detection)
        {
            context.Error(node, "'detection' expects a mapping of search identifiers and a condition");
            return null;
        }

        var before = context.ErrorCount;
        var searches = new Dictionary<string, Condition>(StringComparer.Ordinal);
        YamlNode? conditionNode = null;
        foreach (var (keyNode, value) in detection.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                context.Error(keyNode, "search identifiers must be plain text");
                continue;
            }

            switch (name)
            {
                case "condition":
                    conditionNode = value;
                    break;
                case "timeframe":
                    context.Error(keyNode, "'timeframe' belongs to aggregations, which are not supported");
                    break;
                default:
                    if (Search(value) is { } search)
                    {
                        searches[name] = search;
                    }

                    break;
            }
        }

        if (conditionNode is null)
        {
            context.Error(detection, "'detection' has no 'condition'");
            return null;
        }

        if (context.ErrorCount != before)
        {
            // A search that failed is missing from the map; the condition would only add a misleading "unknown identifier".
            return null;
        }

        var condition = Expression(conditionNode, searches);
        return context.ErrorCount == before ? condition : null;
    }

    private Condition? Expression(YamlNode node, Dictionary<string, Condition> searches)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { } text }:
                try
                {
                    return SigmaConditionParser.Parse(text, searches);
                }
                catch (SigmaConditionException ex)
                {
                    context.Error(node, ex.Message);
                    return null;
                }

            case YamlSequenceNode { Children.Count: > 0 } list:
                // A list of conditions matches when any of them does.
                var parts = list.Children.Select(c => Expression(c, searches)).ToList();
                return parts.All(p => p is not null) ? (parts.Count == 1 ? parts[0] : new AnyCondition([.. parts!])) : null;
            default:
                context.Error(node, "'condition' expects an expression or a list of expressions");
                return null;
        }
    }

    private Condition? Search(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                return Map(map);
            case YamlSequenceNode { Children.Count: > 0 } list when list.Children.All(c => c is YamlMappingNode):
                // A list of maps matches when any map does.
                var maps = list.Children.Select(c => Map((YamlMappingNode)c)).ToList();
                return maps.All(m => m is not null) ? Either(maps!) : null;
            case YamlSequenceNode { Children.Count: > 0 } list when list.Children.All(c => c is YamlScalarNode):
                return Keywords(list);
            case YamlScalarNode scalar:
                return Keywords(scalar);
            default:
                context.Error(node, "a search is a map of fields, a list of maps, or a list of keywords");
                return null;
        }
    }

    private Condition? Map(YamlMappingNode map)
    {
        if (map.Children.Count == 0)
        {
            context.Error(map, "a search map needs at least one field");
            return null;
        }

        var parts = new List<Condition>();
        var failed = false;
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode key)
            {
                context.Error(keyNode, "field names must be plain text");
                failed = true;
                continue;
            }

            if (_fields.Compile(key.Value ?? "", key, value) is { } part)
            {
                parts.Add(part);
            }
            else
            {
                failed = true;
            }
        }

        return failed ? null : parts.Count == 1 ? parts[0] : new AllCondition([.. parts]);
    }

    private Condition? Keywords(YamlNode values) => _fields.Compile("", values, values);

    private static Condition Either(List<Condition> parts) => parts.Count == 1 ? parts[0] : new AnyCondition([.. parts]);
}
