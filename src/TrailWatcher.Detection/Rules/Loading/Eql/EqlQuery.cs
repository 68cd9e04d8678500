using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>The EQL front-end: compiles a single-event Elastic EQL query (<c>category where condition</c>) to a <see cref="Condition"/>.</summary>
public static class EqlQuery
{
    /// <summary>The field an event category is compared with unless the caller names another (Elastic's default).</summary>
    public const string DefaultCategoryField = "event.category";

    /// <summary>Parses and compiles a query.</summary>
    /// <param name="query">The EQL text.</param>
    /// <param name="resolve">Maps a field name as written in the query to what a condition reads; null for an unknown name.</param>
    /// <param name="categoryField">The field a category such as <c>iam</c> is compared with; <see cref="DefaultCategoryField"/> when null.</param>
    /// <param name="ruleId">Names the rule in evaluation errors (a regex that runs too long).</param>
    /// <exception cref="EqlParseException">The query is malformed, unsupported, or names an unknown field or function; the message gives line and column.</exception>
    public static Condition Compile(string query, Func<string, FieldReader?> resolve, string? categoryField = null, string? ruleId = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(resolve);
        var parsed = EqlParser.Parse(query);
        return new EqlCompiler(resolve, ruleId ?? "eql").Compile(parsed, categoryField ?? DefaultCategoryField);
    }
}
