using System.Text.Json;
using System.Text.RegularExpressions;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>Comparisons, lookups and boolean functions: existing leaves when the left side is a plain field and the rest literals.</summary>
internal sealed partial class EqlCompiler
{
    private static readonly JsonElement JsonNull = ParseNull();

    private Condition Comparison(EqlBinaryNode node)
    {
        var (left, op, right) = (node.Left, node.Operator, node.Right);

        // "x" == field reads as field == "x", so it finds the same leaf.
        if (left is EqlLiteral && right is not EqlLiteral)
        {
            (left, right) = (right, left);
            op = op switch { "<" => ">", "<=" => ">=", ">" => "<", ">=" => "<=", _ => op };
        }

        if (right is EqlLiteral { Value: null })
        {
            if (op is not ("==" or "!="))
            {
                throw node.At.Error($"null can only be compared with == or !=, not '{op}'");
            }

            Condition hasValue = left switch
            {
                EqlFieldNode field => new HasValueCondition(Field(field)),
                EqlLiteral literal => literal.Value is null ? False : True,
                _ => new EqlHasValueCondition(Value(left)),
            };
            return op == "!=" ? hasValue : Not(hasValue);
        }

        if (left is EqlFieldNode leftField && right is EqlLiteral { Value: { } value })
        {
            var field = Field(leftField);
            switch (op, value)
            {
                case ("==", string text) when IsPlainText(text):
                    return new EqualsCondition(field, text, ignoreCase: false);
                case ("!=", string text) when IsPlainText(text):
                    return NotEqual(field, new EqualsCondition(field, text, ignoreCase: false));
                case ("<" or "<=" or ">" or ">=", long or double):
                    return new NumericCondition(field, op switch
                    {
                        "<" => NumericComparison.LessThan,
                        "<=" => NumericComparison.LessThanOrEqual,
                        ">" => NumericComparison.GreaterThan,
                        _ => NumericComparison.GreaterThanOrEqual,
                    }, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (op == "==" && left is EqlFieldNode first && right is EqlFieldNode second)
        {
            return new FieldReferenceCondition(Field(first), Field(second), ignoreCase: false);
        }

        return new EqlCompareCondition(Value(left), op, Value(right));
    }

    // != and not in need a value to compare: the field must hold one, and none may match.
    private static AllCondition NotEqual(FieldReader field, Condition matches) =>
        new([new HasValueCondition(field), Not(matches)]);

    private Condition Lookup(EqlLookupNode node)
    {
        foreach (var value in node.Values)
        {
            if (value.Value is null)
            {
                throw value.At.Error("null cannot be looked up: compare with == null instead");
            }

            if (node.Kind != EqlLookupKind.In && value.Value is not string)
            {
                throw value.At.Error($"'{node.At.Text}' compares strings: '{value.At.Text}' is not a string");
            }
        }

        if (node.Left is EqlFieldNode leftField)
        {
            var field = Field(leftField);
            var matches = node.Kind switch
            {
                EqlLookupKind.In when node.Values.All(v => v.Value is string text && IsPlainText(text)) => OneOf(field, [.. node.Values.Select(v => (string)v.Value!)], node.IgnoreCase),
                EqlLookupKind.Like => Or([.. node.Values.Select(v => Pattern(field, (string)v.Value!, node.IgnoreCase))]),
                EqlLookupKind.Regex => Or([.. node.Values.Select(v => (Condition)new RegexCondition(field, Regex(v, node.IgnoreCase), _ruleId))]),
                _ => null,
            };
            if (matches is not null && !MatchesNullText(matches))
            {
                return node.Negated ? NotEqual(field, matches) : matches;
            }
        }

        var scalars = node.Kind == EqlLookupKind.In
            ? node.Values.Select(v => EqlScalar.TryFrom(v.Value, out var s) ? s : default).ToArray()
            : [];
        var patterns = node.Kind == EqlLookupKind.Like
            ? node.Values.Select(v => new WildcardPattern(EqlFunctions.ToWildcardText((string)v.Value!), node.IgnoreCase)).ToArray()
            : [];
        var regexes = node.Kind == EqlLookupKind.Regex ? node.Values.Select(v => Regex(v, node.IgnoreCase)).ToArray() : [];
        return new EqlLookupCondition(Value(node.Left), scalars, patterns, regexes, node.IgnoreCase, node.Negated, _ruleId);
    }

    private static Condition OneOf(FieldReader field, string[] values, bool ignoreCase) =>
        values.Length == 1 ? new EqualsCondition(field, values[0], ignoreCase) : new OneOfCondition(field, values, ignoreCase);

    // A pattern whose only wildcards are a leading or trailing * is a contains, prefix or suffix test: same meaning, better guards.
    private static Condition Pattern(FieldReader field, string pattern, bool ignoreCase)
    {
        var inner = pattern.Trim('*');
        if (!inner.Contains('*', StringComparison.Ordinal) && !inner.Contains('?', StringComparison.Ordinal) && inner.Length > 0)
        {
            var (starts, ends) = (pattern.StartsWith('*'), pattern.EndsWith('*'));
            if (!starts && !ends && IsPlainText(inner))
            {
                return new EqualsCondition(field, inner, ignoreCase);
            }

            if (starts || ends)
            {
                var kind = starts && ends ? TextMatchKind.Contains : starts ? TextMatchKind.EndsWith : TextMatchKind.StartsWith;
                return new TextMatchCondition(field, kind, inner, ignoreCase);
            }
        }

        return new TextMatchCondition(field, TextMatchKind.Wildcard, EqlFunctions.ToWildcardText(pattern), ignoreCase);
    }

    // EQL's regex matches the whole value, and '.' any character (Lucene's reading).
    private static Regex Regex(EqlLiteral literal, bool ignoreCase)
    {
        var pattern = (string)literal.Value!;
        var anchored = pattern.Contains('|', StringComparison.Ordinal) ? $"^(?:{pattern})\\z" : $"^{pattern}\\z";
        var options = RegexOptions.CultureInvariant | RegexOptions.Singleline | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            // Checked alone first, so "a)(b" cannot pass by closing the group the anchoring adds.
            _ = new Regex(pattern, options, RegexCondition.MatchTimeout);
            return new Regex(anchored, options, RegexCondition.MatchTimeout);
        }
        catch (ArgumentException ex)
        {
            throw literal.At.Error($"invalid regular expression: {ex.Message}");
        }
    }

    private Condition Call(EqlCallNode call)
    {
        var value = CallValue(call);
        if (!value.Function.ReturnsBoolean)
        {
            throw call.At.Error($"function '{value.Function.Name}' returns a value, not a condition: compare it with something");
        }

        if (call.Arguments[0] is EqlFieldNode source && call.Arguments.Skip(1).All(a => a is EqlLiteral { Value: string }))
        {
            var field = Field(source);
            var texts = call.Arguments.Skip(1).Select(a => (string)((EqlLiteral)a).Value!).ToArray();
            var leaf = Leaf(value.Function.Name, field, texts, call.IgnoreCase);
            if (leaf is not null && !MatchesNullText(leaf))
            {
                return leaf;
            }
        }

        return new EqlPredicateCondition(value);
    }

    private static Condition? Leaf(string function, FieldReader field, string[] texts, bool ignoreCase) => function switch
    {
        // stringContains with "" is false by the reference; a contains leaf would say true.
        "stringContains" when texts[0].Length == 0 => False,
        "stringContains" => new TextMatchCondition(field, TextMatchKind.Contains, texts[0], ignoreCase),
        "startsWith" => new TextMatchCondition(field, TextMatchKind.StartsWith, texts[0], ignoreCase),
        "endsWith" => new TextMatchCondition(field, TextMatchKind.EndsWith, texts[0], ignoreCase),
        "wildcard" => Or([.. texts.Select(t => Pattern(field, t, ignoreCase))]),
        "cidrMatch" => new CidrCondition(field, [.. texts.Select(t => EqlNetworks.TryParse(t, out var n) ? n.Value : default)]),
        _ => null,
    };

    // A text leaf reads a JSON null as the text "null", where EQL sees no value: a leaf that would match that text
    // (stringContains(f, "u"), f : "n*") takes the generic path instead, so both paths mean the same.
    private static bool MatchesNullText(Condition condition) => condition switch
    {
        LeafCondition leaf => leaf.Test(JsonNull),
        AnyCondition any => any.Children.Any(MatchesNullText),
        _ => false,
    };

    private static JsonElement ParseNull()
    {
        using var document = JsonDocument.Parse("null");
        return document.RootElement.Clone();
    }
}
