using TrailWatcher.Detection.Rules.Conditions;
using TrailWatcher.Detection.Rules.Ecs;
using TrailWatcher.Detection.Rules.Loading.Eql;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>Compiles a rule file's EQL <c>query</c> over the ECS view of CloudTrail, reporting a query error at its own line and column in the file.</summary>
internal sealed class EqlRuleQuery(LoadContext context)
{
    private readonly YamlNodeReader _yaml = new(context);

    /// <summary>The query's text when it is a <c>sequence</c>; null otherwise (not text, or a single-event query).</summary>
    public static string? SequenceText(YamlNode? queryNode) =>
        queryNode is YamlScalarNode { Value: { } text } && EqlSequenceCompiler.IsSequence(text) ? text : null;

    /// <summary>The query's condition, or null when the query or the category override had a problem (reported).</summary>
    public Condition? Compile(YamlNode queryNode, YamlNode? categoryNode, string ruleId) =>
        Compile(queryNode, categoryNode, (query, category) => EqlQuery.Compile(query, Resolve, category, ruleId));

    /// <summary>The compiled <c>sequence</c> query, or null when it or the category override had a problem (reported).</summary>
    public EqlSequence? CompileSequence(YamlNode queryNode, YamlNode? categoryNode, string ruleId) =>
        Compile(queryNode, categoryNode, (query, category) => EqlSequenceCompiler.Compile(query, Resolve, category, ruleId));

    private T? Compile<T>(YamlNode queryNode, YamlNode? categoryNode, Func<string, string?, T> compile)
        where T : class
    {
        string? categoryField = null;
        if (categoryNode is not null)
        {
            categoryField = _yaml.String(categoryNode, "event_category_override");
            if (categoryField is null)
            {
                return null;
            }

            if (!CloudTrailEcsView.TryGetField(categoryField, out _))
            {
                context.Error(categoryNode, $"event_category_override '{categoryField}' is not a field of the ECS view of CloudTrail (names are case-sensitive, e.g. event.type)");
                return null;
            }
        }

        if (queryNode is not YamlScalarNode scalar || _yaml.String(queryNode, "query") is not { } query)
        {
            if (queryNode is not YamlScalarNode)
            {
                context.Error(queryNode, "'query' expects the EQL query as text (a block: query: |)");
            }

            return null;
        }

        try
        {
            return compile(query, categoryField);
        }
        catch (EqlParseException ex)
        {
            Report(scalar, ex);
            return null;
        }
    }

    private static FieldReader? Resolve(string name) => CloudTrailEcsView.TryGetField(name, out var reader) ? reader : null;

    private void Report(YamlScalarNode query, EqlParseException error)
    {
        var reason = $"EQL: {error.Reason}";
        if (!string.IsNullOrEmpty(error.Token) && !error.Reason.Contains($"'{error.Token}'", StringComparison.Ordinal))
        {
            reason += $" (at '{error.Token}')";
        }

        if (error.Line > 0 && context.Source is { } source && ScalarPosition.Locate(source, query, error.Line, error.Column) is { } at)
        {
            context.Error(new YamlDotNet.Core.Mark(0, at.Line, at.Column), reason);
            return;
        }

        // Placed at the query's first line; the position inside the query still tells the author where to look.
        context.Error(query, error.Line > 0 ? $"{reason} (query line {error.Line}, column {error.Column})" : reason);
    }
}
