using System.Text.RegularExpressions;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>
/// Recursive descent over a Sigma condition expression: <c>or</c> binds loosest, then <c>and</c>, then <c>not</c>;
/// operands are search identifiers, parentheses, and <c>1 of</c> / <c>all of</c> a wildcard pattern or <c>them</c>.
/// </summary>
internal sealed partial class SigmaConditionParser
{
    private readonly IReadOnlyDictionary<string, Condition> _searches;
    private readonly List<string> _tokens;
    private int _position;

    private SigmaConditionParser(string expression, IReadOnlyDictionary<string, Condition> searches)
    {
        _searches = searches;
        _tokens = Tokenize(expression);
    }

    /// <exception cref="SigmaConditionException">The expression is malformed, names an unknown search, or uses an unsupported form.</exception>
    public static Condition Parse(string expression, IReadOnlyDictionary<string, Condition> searches)
    {
        var parser = new SigmaConditionParser(expression, searches);
        if (parser._tokens.Count == 0)
        {
            throw new SigmaConditionException("the condition is empty");
        }

        var result = parser.Or();
        if (parser.Peek() is { } extra)
        {
            throw new SigmaConditionException(extra == "|"
                ? "aggregation ('| count()' and the like) is not supported: use a Sigma correlation rule or a native threshold"
                : $"unexpected '{extra}' in the condition");
        }

        return result;
    }

    private Condition Or()
    {
        var parts = new List<Condition> { And() };
        while (Accept("or"))
        {
            parts.Add(And());
        }

        return parts.Count == 1 ? parts[0] : new AnyCondition([.. parts]);
    }

    private Condition And()
    {
        var parts = new List<Condition> { Not() };
        while (Accept("and"))
        {
            parts.Add(Not());
        }

        return parts.Count == 1 ? parts[0] : new AllCondition([.. parts]);
    }

    private Condition Not() => Accept("not") ? new NotCondition(Not()) : Primary();

    private Condition Primary()
    {
        var token = Next() ?? throw new SigmaConditionException("the condition ends where an operand is expected");
        if (token == "(")
        {
            var inner = Or();
            if (!Accept(")"))
            {
                throw new SigmaConditionException("a '(' is not closed");
            }

            return inner;
        }

        if (Peek() is { } following && following.Equals("of", StringComparison.OrdinalIgnoreCase))
        {
            _position++;
            return Quantified(token);
        }

        if (token is ")" or "|" || IsKeyword(token))
        {
            throw new SigmaConditionException(token == "|"
                ? "aggregation ('| count()' and the like) is not supported"
                : $"unexpected '{token}' where a search identifier is expected");
        }

        return _searches.TryGetValue(token, out var search)
            ? search
            : throw new SigmaConditionException($"the condition names '{token}', which is not a search identifier of the detection");
    }

    private Condition Quantified(string quantifier)
    {
        var all = quantifier.Equals("all", StringComparison.OrdinalIgnoreCase);
        if (!all && quantifier is not "1" && !quantifier.Equals("any", StringComparison.OrdinalIgnoreCase))
        {
            throw new SigmaConditionException($"'{quantifier} of' is not supported: only '1 of' and 'all of'");
        }

        var target = Next() ?? throw new SigmaConditionException($"'{quantifier} of' needs a pattern or 'them'");
        List<Condition> chosen;
        if (target.Equals("them", StringComparison.OrdinalIgnoreCase))
        {
            // Identifiers starting with '_' are helpers the specification leaves out of 'them'.
            chosen = [.. _searches.Where(s => !s.Key.StartsWith('_')).Select(s => s.Value)];
        }
        else
        {
            var pattern = new WildcardPattern(target, ignoreCase: false);
            chosen = [.. _searches.Where(s => pattern.IsMatch(s.Key)).Select(s => s.Value)];
            if (chosen.Count == 0)
            {
                throw new SigmaConditionException($"'{quantifier} of {target}' matches no search identifier");
            }
        }

        if (chosen.Count == 0)
        {
            throw new SigmaConditionException("'them' names no search identifier");
        }

        return chosen.Count == 1 ? chosen[0] : all ? new AllCondition([.. chosen]) : new AnyCondition([.. chosen]);
    }

    private bool Accept(string keyword)
    {
        if (Peek() is { } token && token.Equals(keyword, StringComparison.OrdinalIgnoreCase))
        {
            _position++;
            return true;
        }

        return false;
    }

    private string? Peek() => _position < _tokens.Count ? _tokens[_position] : null;

    private string? Next() => _position < _tokens.Count ? _tokens[_position++] : null;

    private static bool IsKeyword(string token) =>
        token.Equals("and", StringComparison.OrdinalIgnoreCase) || token.Equals("or", StringComparison.OrdinalIgnoreCase)
        || token.Equals("not", StringComparison.OrdinalIgnoreCase) || token.Equals("of", StringComparison.OrdinalIgnoreCase);

    private static List<string> Tokenize(string expression)
    {
        var tokens = new List<string>();
        foreach (Match match in TokenPattern().Matches(expression))
        {
            var token = match.Value;
            if (token.Equals("near", StringComparison.OrdinalIgnoreCase))
            {
                throw new SigmaConditionException("'near' is not supported: use a Sigma correlation rule");
            }

            tokens.Add(token);
        }

        var rest = TokenPattern().Replace(expression, "").Trim();
        if (rest.Length > 0)
        {
            throw new SigmaConditionException($"unexpected characters '{rest}' in the condition");
        }

        return tokens;
    }

    [GeneratedRegex(@"[()|]|[^\s()|]+")]
    private static partial Regex TokenPattern();
}
