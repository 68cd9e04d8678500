using System.Globalization;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>
/// Recursive descent over an EQL query, <c>category where condition</c> or a <c>sequence</c> of them: <c>or</c> binds loosest, then
/// <c>and</c>, then <c>not</c>, then one comparison or lookup (comparisons do not chain), then <c>+ -</c>, then <c>* / %</c>.
/// </summary>
internal sealed partial class EqlParser
{
    private static readonly HashSet<string> Comparisons = ["==", "!=", "<", "<=", ">", ">="];

    // Words that cannot name a field unless written in backticks.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "not", "in", "like", "regex", "where", "true", "false", "null",
    };

    private readonly IReadOnlyList<EqlToken> _tokens;
    private int _position;

    private EqlParser(IReadOnlyList<EqlToken> tokens) => _tokens = tokens;

    private EqlToken Current => _tokens[_position];

    /// <exception cref="EqlParseException">The query is malformed or uses a form not supported.</exception>
    public static EqlQueryNode Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parser = new EqlParser(EqlLexer.Tokenize(query));
        return parser.Query();
    }

    /// <summary>Parses a <c>sequence</c> query (the caller knows it starts with the keyword).</summary>
    /// <exception cref="EqlParseException">The query is malformed or uses a form not supported.</exception>
    public static EqlSequenceNode ParseSequence(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parser = new EqlParser(EqlLexer.Tokenize(query));
        return parser.Sequence();
    }

    private EqlQueryNode Query()
    {
        var first = Current;
        if (first.Kind == EqlTokenKind.End)
        {
            throw first.Error("the query is empty");
        }

        if (first.IsKeyword("sequence"))
        {
            throw first.Error("a sequence query is not a single-event query: it compiles to a correlation (EqlSequenceCompiler; in rule files through the rule pack)");
        }

        var query = Single();
        if (Current.Kind != EqlTokenKind.End)
        {
            throw Unexpected("'and', 'or' or the end of the query");
        }

        return query;
    }

    // category where condition; the caller checks what follows (the end of the query, or a step's ']').
    private EqlQueryNode Single()
    {
        var first = Current;
        if (first.Kind == EqlTokenKind.End)
        {
            throw first.Error("the query is empty");
        }

        if (first.IsKeyword("sequence"))
        {
            throw first.Error("a sequence cannot be nested in a sequence step");
        }

        if (first.IsKeyword("sample") || first.IsKeyword("join"))
        {
            throw first.Error($"{first.Value.ToLowerInvariant()} queries are not supported");
        }

        string? category = first.Kind switch
        {
            EqlTokenKind.Identifier when first.IsKeyword("any") => null,
            EqlTokenKind.Identifier when !Reserved.Contains(first.Value) => first.Value,
            EqlTokenKind.String or EqlTokenKind.QuotedIdentifier => first.Value,
            _ => throw first.Error($"unexpected token '{first.Text}', expected an event category or 'any'"),
        };
        _position++;
        Expect("where", "'where'");
        var condition = Or();
        if (Current.Is("|"))
        {
            throw Current.Error("pipes are not supported");
        }

        return new EqlQueryNode(first, category, condition);
    }

    private EqlNode Or()
    {
        var left = And();
        while (Current.IsKeyword("or"))
        {
            var op = Take();
            left = new EqlBinaryNode(op, "or", left, And());
        }

        return left;
    }

    private EqlNode And()
    {
        var left = Not();
        while (Current.IsKeyword("and"))
        {
            var op = Take();
            left = new EqlBinaryNode(op, "and", left, Not());
        }

        return left;
    }

    private EqlNode Not() => Current.IsKeyword("not") ? new EqlNotNode(Take(), Not()) : Predicate();

    private EqlNode Predicate()
    {
        var left = Additive();
        EqlNode result;
        if (Current.Kind == EqlTokenKind.Symbol && Comparisons.Contains(Current.Value))
        {
            var op = Take();
            result = new EqlBinaryNode(op, op.Value, left, Additive());
        }
        else if (TryLookup(left) is { } lookup)
        {
            result = lookup;
        }
        else
        {
            return left;
        }

        if ((Current.Kind == EqlTokenKind.Symbol && (Comparisons.Contains(Current.Value) || Current.Is(":")))
            || Current.IsKeyword("in") || Current.IsKeyword("like") || Current.IsKeyword("regex"))
        {
            throw Current.Error($"comparisons cannot be chained: join them with 'and' (unexpected '{Current.Text}')");
        }

        return result;
    }

    private EqlLookupNode? TryLookup(EqlNode left)
    {
        var op = Current;
        var negated = false;
        if (op.IsKeyword("not"))
        {
            var next = _tokens[_position + 1];
            if (!next.IsKeyword("in"))
            {
                if (next.IsKeyword("like") || next.IsKeyword("regex") || next.Is(":"))
                {
                    throw next.Error($"'not {next.Text}' is not EQL: write 'not (field {next.Text} ...)'");
                }

                return null;
            }

            negated = true;
            _position++;
        }

        EqlLookupKind kind;
        if (Current.IsKeyword("in"))
        {
            kind = EqlLookupKind.In;
        }
        else if (Current.IsKeyword("like") || Current.Is(":"))
        {
            kind = EqlLookupKind.Like;
        }
        else if (Current.IsKeyword("regex"))
        {
            kind = EqlLookupKind.Regex;
        }
        else
        {
            return null;
        }

        // ':' ignores case by definition; the others only in their '~' form.
        var ignoreCase = Take().Is(":");
        if (!ignoreCase && Current.Is("~"))
        {
            _position++;
            ignoreCase = true;
        }

        return new EqlLookupNode(op, kind, ignoreCase, negated, left, Values());
    }

    private List<EqlLiteral> Values()
    {
        if (!Current.Is("("))
        {
            return [Literal("a value")];
        }

        _position++;
        var values = new List<EqlLiteral> { Literal("a value") };
        while (Current.Is(","))
        {
            _position++;
            values.Add(Literal("a value"));
        }

        Expect(")", "',' or ')'");
        return values;
    }

    private EqlLiteral Literal(string what)
    {
        var node = Unary();
        return node as EqlLiteral ?? throw node.At.Error($"expected {what} (a string, number, boolean or null), not an expression");
    }

    private EqlNode Additive()
    {
        var left = Multiplicative();
        while (Current.Is("+") || Current.Is("-"))
        {
            var op = Take();
            left = new EqlBinaryNode(op, op.Value, left, Multiplicative());
        }

        return left;
    }

    private EqlNode Multiplicative()
    {
        var left = Unary();
        while (Current.Is("*") || Current.Is("/") || Current.Is("%"))
        {
            var op = Take();
            left = new EqlBinaryNode(op, op.Value, left, Unary());
        }

        return left;
    }

    private EqlNode Unary()
    {
        if (Current.Is("-"))
        {
            var minus = Take();
            var operand = Unary();
            return operand switch
            {
                EqlLiteral { Value: long value } => new EqlLiteral(minus, -value),
                EqlLiteral { Value: double value } => new EqlLiteral(minus, -value),
                _ => new EqlNegateNode(minus, operand),
            };
        }

        if (Current.Is("+"))
        {
            _position++;
            return Unary();
        }

        return Primary();
    }

    private EqlNode Primary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case EqlTokenKind.String:
                _position++;
                return new EqlLiteral(token, token.Value);
            case EqlTokenKind.Integer:
                _position++;
                return new EqlLiteral(token, long.Parse(token.Value, CultureInfo.InvariantCulture));
            case EqlTokenKind.Decimal:
                _position++;
                return new EqlLiteral(token, double.Parse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture));
            case EqlTokenKind.QuotedIdentifier:
                _position++;
                return new EqlFieldNode(token, token.Value);
            case EqlTokenKind.Symbol when token.Is("("):
                _position++;
                var inner = Or();
                Expect(")", "')'");
                return inner;
            case EqlTokenKind.Identifier:
                return Name(token);
            default:
                throw Unexpected("a field, a value, a function call or '('");
        }
    }

    private EqlNode Name(EqlToken token)
    {
        _position++;
        if (token.IsKeyword("true") || token.IsKeyword("false"))
        {
            return new EqlLiteral(token, token.IsKeyword("true"));
        }

        if (token.IsKeyword("null"))
        {
            return new EqlLiteral(token, null);
        }

        if (Reserved.Contains(token.Value))
        {
            _position--;
            throw Unexpected("a field, a value, a function call or '('");
        }

        var ignoreCase = Current.Is("~") && _tokens[_position + 1].Is("(");
        if (!Current.Is("(") && !ignoreCase)
        {
            if (token.Value.EndsWith('.') || token.Value.Contains("..", StringComparison.Ordinal))
            {
                throw token.Error($"malformed field name '{token.Text}'");
            }

            return new EqlFieldNode(token, token.Value);
        }

        _position += ignoreCase ? 2 : 1;
        var arguments = new List<EqlNode>();
        if (!Current.Is(")"))
        {
            arguments.Add(Or());
            while (Current.Is(","))
            {
                _position++;
                arguments.Add(Or());
            }
        }

        Expect(")", "',' or ')'");
        return new EqlCallNode(token, token.Value, ignoreCase, arguments);
    }

    private EqlToken Take() => _tokens[_position++];

    private void Expect(string symbolOrKeyword, string expected)
    {
        if (Current.Is(symbolOrKeyword) || Current.IsKeyword(symbolOrKeyword))
        {
            _position++;
            return;
        }

        throw Unexpected(expected);
    }

    private EqlParseException Unexpected(string expected) => Current.Kind == EqlTokenKind.End
        ? Current.Error($"the query ends where {expected} is expected")
        : Current.Error($"unexpected token '{Current.Text}', expected {expected}");
}
