using System.Globalization;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>
/// Compiles a parsed EQL query to the evaluation model's conditions. A comparison that means what an existing leaf
/// means compiles to that leaf, so the rule index and record guards still see it; the rest (functions, arithmetic,
/// comparisons between expressions) compiles to EQL's own conditions, which guards and keys treat as unconstrained.
/// </summary>
internal sealed partial class EqlCompiler
{
    private static readonly Condition True = new AllCondition([]);
    private static readonly Condition False = new AnyCondition([]);

    private readonly Func<string, FieldReader?> _resolve;
    private readonly string _ruleId;

    // One reader per name, so a derived field read twice by one query is still computed once per record.
    private readonly Dictionary<string, FieldReader> _fields = new(StringComparer.Ordinal);

    public EqlCompiler(Func<string, FieldReader?> resolve, string ruleId)
    {
        _resolve = resolve;
        _ruleId = ruleId;
    }

    /// <exception cref="EqlParseException">An unknown field or function, a wrong argument, or a value where a condition belongs.</exception>
    public Condition Compile(EqlQueryNode query, string categoryField)
    {
        var condition = Condition(query.Condition);
        if (query.Category is null)
        {
            return condition;
        }

        // A category is an indexed keyword value in Elasticsearch: compared exactly, like ==.
        var category = new EqualsCondition(Field(categoryField, query.CategoryToken), query.Category, ignoreCase: false);
        return And([category, condition]);
    }

    private Condition Condition(EqlNode node) => node switch
    {
        EqlBinaryNode { Operator: "and" } => And([.. Operands(node, "and").Select(Condition)]),
        EqlBinaryNode { Operator: "or" } => Or([.. Operands(node, "or").Select(Condition)]),
        EqlNotNode not => Not(Condition(not.Operand)),
        EqlBinaryNode { Operator: "==" or "!=" or "<" or "<=" or ">" or ">=" } comparison => Comparison(comparison),
        EqlLookupNode lookup => Lookup(lookup),
        EqlLiteral { Value: bool value } => value ? True : False,
        EqlCallNode call => Call(call),
        EqlFieldNode field => new EqlPredicateCondition(Value(field)),
        EqlLiteral literal => throw literal.At.Error($"expected a condition, not the value '{literal.At.Text}'"),
        _ => throw node.At.Error($"expected a condition, not an arithmetic expression (at '{node.At.Text}')"),
    };

    // a and b and c parses as ((a and b) and c): one all of three reads better and keys the same.
    private static IEnumerable<EqlNode> Operands(EqlNode node, string op) =>
        node is EqlBinaryNode binary && binary.Operator == op
            ? Operands(binary.Left, op).Concat(Operands(binary.Right, op))
            : [node];

    private static Condition And(Condition[] parts)
    {
        var flat = parts.SelectMany(p => p is AllCondition all ? all.Children : [p]).ToArray();
        return flat.Length == 1 ? flat[0] : new AllCondition(flat);
    }

    private static Condition Or(Condition[] parts)
    {
        var flat = parts.SelectMany(p => p is AnyCondition any ? any.Children : [p]).ToArray();
        return flat.Length == 1 ? flat[0] : new AnyCondition(flat);
    }

    private static Condition Not(Condition condition) => condition is NotCondition not ? not.Child : new NotCondition(condition);

    private FieldReader Field(EqlFieldNode node) => Field(node.Name, node.At);

    private FieldReader Field(string name, EqlToken at)
    {
        if (!_fields.TryGetValue(name, out var reader))
        {
            reader = _resolve(name) ?? throw at.Error($"unknown field '{name}'");
            _fields[name] = reader;
        }

        return reader;
    }

    private EqlExpression Value(EqlNode node)
    {
        switch (node)
        {
            case EqlLiteral literal:
                return new EqlConstant(EqlScalar.TryFrom(literal.Value, out var scalar) ? scalar : null);
            case EqlFieldNode field:
                return new EqlFieldValue(Field(field));
            case EqlCallNode call:
                return CallValue(call);
            case EqlBinaryNode { Operator: "+" or "-" or "*" or "/" or "%" } arithmetic:
                return new EqlCallValue(EqlFunctions.Operator(arithmetic.Operator[0]), ignoreCase: false, [Value(arithmetic.Left), Value(arithmetic.Right)]);
            case EqlNegateNode negate:
                return new EqlCallValue(EqlFunctions.Operator('*'), ignoreCase: false, [new EqlConstant(EqlScalar.Of(-1L)), Value(negate.Operand)]);
            default:
                // A comparison or a logical expression used as a value is true or false.
                return new EqlConditionValue(Condition(node));
        }
    }

    private EqlCallValue CallValue(EqlCallNode call)
    {
        if (!EqlFunctions.All.TryGetValue(call.Name, out var function))
        {
            throw call.At.Error($"unknown function '{call.Name}'");
        }

        if (call.IgnoreCase && !function.HasCaseInsensitiveForm)
        {
            throw call.At.Error($"function '{function.Name}' has no case-insensitive form '{function.Name}~'");
        }

        var count = call.Arguments.Count;
        if (count < function.MinArguments || count > function.MaxArguments)
        {
            var expected = function.MaxArguments == int.MaxValue ? $"at least {function.MinArguments}"
                : function.MinArguments == function.MaxArguments ? $"{function.MinArguments}"
                : $"{function.MinArguments} to {function.MaxArguments}";
            throw call.At.Error($"function '{function.Name}' takes {expected} arguments, not {count}");
        }

        CheckLiteralArguments(function, call);
        return new EqlCallValue(function, call.IgnoreCase, [.. call.Arguments.Select(Value)]);
    }

    // Literal arguments with an invalid form are errors when the query is loaded, not silent nulls on every record.
    private static void CheckLiteralArguments(EqlFunction function, EqlCallNode call)
    {
        for (var i = 1; i < call.Arguments.Count; i++)
        {
            if (call.Arguments[i] is not EqlLiteral { Value: { } value } literal)
            {
                continue;
            }

            var problem = function.Name switch
            {
                "cidrMatch" when value is not string text || !EqlNetworks.TryParse(text, out _) =>
                    $"invalid CIDR block '{literal.At.Text}' (expected a network such as \"10.0.0.0/8\" with no host bits set, or an address)",
                "indexOf" or "substring" when i >= (function.Name == "indexOf" ? 2 : 1) && value is not long => $"'{function.Name}' takes integer positions, not '{literal.At.Text}'",
                "number" when value is not long radix || radix is < 2 or > 36 => $"'number' takes a base from 2 to 36, not '{literal.At.Text}'",
                "between" when i == 3 && value is not bool => $"'between' takes true or false for greedy matching, not '{literal.At.Text}'",
                _ => null,
            };
            if (problem is not null)
            {
                throw literal.At.Error(problem);
            }
        }
    }

    private static bool IsPlainText(string value) =>
        !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        && !value.Equals("null", StringComparison.OrdinalIgnoreCase)
        && !value.Equals("true", StringComparison.OrdinalIgnoreCase)
        && !value.Equals("false", StringComparison.OrdinalIgnoreCase);
}
