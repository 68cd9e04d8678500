using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using TrailWatcher.Detection.Rules.Conditions;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>Compiles a YAML condition node into a <see cref="Condition"/> tree, reporting every problem with its position.</summary>
internal sealed class ConditionParser(LoadContext context, string ruleId, bool defaultIgnoreCase)
{
    private readonly YamlNodeReader _yaml = new(context);

    private static readonly string[] Operators =
    [
        "equals", "not_equals", "one_of", "contains", "starts_with", "ends_with", "exists", "is_null",
        "regex", "cidr", "gt", "gte", "lt", "lte", "policy_grants", "open_to_world",
        "equals_field", "not_equals_field", "wildcard",
    ];

    private static readonly string[] Composites = ["all", "any", "not", "is"];

    private static readonly string OperatorList = string.Join(", ", Operators);

    /// <summary>The compiled condition, or null when the node had errors (already reported).</summary>
    public Condition? Parse(YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, "a condition must be a mapping: all, any, not, is, or field plus one operator");
            return null;
        }

        var keys = new List<(YamlScalarNode Key, YamlNode Value)>();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode scalar)
            {
                keys.Add((scalar, value));
            }
            else
            {
                context.Error(key, "condition keys must be plain text");
            }
        }

        var composite = keys.FindIndex(k => Composites.Contains(k.Key.Value));
        if (composite >= 0)
        {
            var (key, value) = keys[composite];
            if (keys.Count != 1)
            {
                var others = string.Join(", ", keys.Where((_, i) => i != composite).Select(k => $"'{k.Key.Value}'"));
                context.Error(key, $"'{key.Value}' must be the only key of its node (also found {others}); nest it in all: to combine");
                return null;
            }

            return key.Value switch
            {
                "not" => ParseNot(value),
                "is" => ParseNotion(value),
                _ => ParseList(key.Value!, value),
            };
        }

        return ParseLeaf(mapping, keys);
    }

    private NotCondition? ParseNot(YamlNode value)
    {
        var child = Parse(value);
        return child is null ? null : new NotCondition(child);
    }

    private RecordNotionCondition? ParseNotion(YamlNode value)
    {
        if (value is YamlScalarNode scalar && RecordNotionNames.TryParse(scalar.Value, out var notion))
        {
            return new RecordNotionCondition(notion);
        }

        context.Error(value, $"'is' expects one of {RecordNotionNames.List}");
        return null;
    }

    private Condition? ParseList(string kind, YamlNode value)
    {
        if (value is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            context.Error(value, $"'{kind}' expects a non-empty list of conditions");
            return null;
        }

        var children = new List<Condition>();
        var failed = false;
        foreach (var item in sequence.Children)
        {
            var child = Parse(item);
            failed |= child is null;
            if (child is not null)
            {
                children.Add(child);
            }
        }

        if (failed)
        {
            return null;
        }

        return kind == "all" ? new AllCondition([.. children]) : new AnyCondition([.. children]);
    }

    private Condition? ParseLeaf(YamlMappingNode node, List<(YamlScalarNode Key, YamlNode Value)> keys)
    {
        YamlNode? fieldNode = null;
        var ignoreCase = defaultIgnoreCase;
        var operators = new List<(YamlScalarNode Key, YamlNode Value)>();
        var failed = false;
        foreach (var (key, value) in keys)
        {
            switch (key.Value)
            {
                case "field":
                    fieldNode = value;
                    break;
                case "case_insensitive":
                    if (value is not YamlScalarNode flag || !YamlScalars.TryGetBool(flag, out ignoreCase))
                    {
                        context.Error(value, "'case_insensitive' expects true or false");
                        failed = true;
                    }

                    break;
                case var name when Operators.Contains(name):
                    operators.Add((key, value));
                    break;
                default:
                    context.Error(key, $"unknown operator '{key.Value}' (expected one of {OperatorList}; or all, any, not, is)");
                    failed = true;
                    break;
            }
        }

        if (fieldNode is null)
        {
            context.Error(node, $"a condition needs 'field' and one operator ({OperatorList}), or one of all, any, not, is");
            return null;
        }

        if (fieldNode is not YamlScalarNode fieldScalar || YamlScalars.Resolve(fieldScalar) != ScalarKind.String)
        {
            context.Error(fieldNode, "'field' expects a field path such as requestParameters.bucketName");
            return null;
        }

        FieldReader? path = null;
        if (AccountFields.TryGet(fieldScalar.Value ?? "", out var accountField))
        {
            path = accountField;
        }
        else if (!FieldPath.TryParse(fieldScalar.Value ?? "", out var fieldPath, out var pathError))
        {
            context.Error(fieldNode, pathError!);
            failed = true;
        }
        else
        {
            path = fieldPath;
        }

        if (operators.Count == 0 && !failed)
        {
            context.Error(node, $"field '{fieldScalar.Value}' has no operator (expected one of {OperatorList})");
            return null;
        }

        if (operators.Count == 0)
        {
            return null;
        }

        if (operators.Count > 1)
        {
            var names = string.Join(", ", operators.Select(o => o.Key.Value));
            context.Error(operators[1].Key, $"field '{fieldScalar.Value}' has several operators ({names}); use all: to combine them");
            return null;
        }

        if (failed || path is null)
        {
            return null;
        }

        var (op, operand) = operators[0];
        return BuildLeaf(op.Value!, operand, path, ignoreCase);
    }

    private Condition? BuildLeaf(string op, YamlNode operand, FieldReader path, bool ignoreCase)
    {
        switch (op)
        {
            case "equals":
                return Text(op, operand) is { } equalsValue ? new EqualsCondition(path, equalsValue, ignoreCase) : null;
            case "not_equals":
                return Text(op, operand) is { } notEqualsValue
                    ? new NotCondition(new EqualsCondition(path, notEqualsValue, ignoreCase))
                    : null;
            case "one_of":
                return TextList(op, operand, allowScalar: false) is { } values ? new OneOfCondition(path, values, ignoreCase) : null;
            case "contains":
                return Text(op, operand) is { } contains ? new TextMatchCondition(path, TextMatchKind.Contains, contains, ignoreCase) : null;
            case "starts_with":
                return Text(op, operand) is { } prefix ? new TextMatchCondition(path, TextMatchKind.StartsWith, prefix, ignoreCase) : null;
            case "ends_with":
                return Text(op, operand) is { } suffix ? new TextMatchCondition(path, TextMatchKind.EndsWith, suffix, ignoreCase) : null;
            case "exists":
                return _yaml.Bool(operand, op) is { } exists ? new ExistsCondition(path, exists) : null;
            case "is_null":
                return _yaml.Bool(operand, op) is { } isNull ? new ExistsCondition(path, !isNull) : null;
            case "regex":
                return BuildRegex(operand, path, ignoreCase);
            case "cidr":
                return BuildCidr(operand, path);
            case "policy_grants":
                return BuildPolicyGrants(operand, path);
            case "equals_field":
                return FieldOperand(op, operand) is { } same ? new FieldReferenceCondition(path, same, ignoreCase) : null;
            case "not_equals_field":
                return FieldOperand(op, operand) is { } different ? new NotCondition(new FieldReferenceCondition(path, different, ignoreCase)) : null;
            case "wildcard":
                return Text(op, operand) is { } pattern ? new TextMatchCondition(path, TextMatchKind.Wildcard, pattern, ignoreCase) : null;
            case "open_to_world":
                return _yaml.Bool(operand, op) is { } open ? new OpenToWorldCondition(path, open) : null;
            default:
                return BuildNumeric(op, operand, path);
        }
    }

    private string? Text(string op, YamlNode operand)
    {
        if (operand is YamlScalarNode scalar && !(scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && string.IsNullOrEmpty(scalar.Value)))
        {
            return YamlScalars.ComparisonText(scalar);
        }

        context.Error(operand, $"'{op}' expects a single value (quote \"\" to compare with the empty string)");
        return null;
    }

    private List<string>? TextList(string op, YamlNode operand, bool allowScalar)
    {
        if (allowScalar && operand is YamlScalarNode)
        {
            return Text(op, operand) is { } single ? [single] : null;
        }

        if (operand is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            context.Error(operand, $"'{op}' expects a non-empty list of values");
            return null;
        }

        var values = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (Text(op, item) is { } value)
            {
                values.Add(value);
            }
        }

        return values.Count == sequence.Children.Count ? values : null;
    }

    private RegexCondition? BuildRegex(YamlNode operand, FieldReader path, bool ignoreCase)
    {
        if (Text("regex", operand) is not { } pattern)
        {
            return null;
        }

        // Interpreted, not compiled: a regex runs only on the few records the index lets through, while compiling
        // every pattern of the pack cost more at start than all of a large scan's matching.
        var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            var regex = new Regex(pattern, options, RegexCondition.MatchTimeout);
            return new RegexCondition(path, regex, ruleId);
        }
        catch (ArgumentException ex)
        {
            context.Error(operand, $"invalid regex '{pattern}': {ex.Message}");
            return null;
        }
    }

    private FieldPath? FieldOperand(string op, YamlNode operand)
    {
        if (operand is not YamlScalarNode scalar || string.IsNullOrEmpty(scalar.Value))
        {
            context.Error(operand, $"'{op}' expects the path of another field, such as userIdentity.accountId");
            return null;
        }

        if (!FieldPath.TryParse(scalar.Value, out var other, out var error))
        {
            context.Error(operand, error!);
            return null;
        }

        return other;
    }

    private PolicyGrantsCondition? BuildPolicyGrants(YamlNode operand, FieldReader path)
    {
        PolicyGrant? grant = (operand as YamlScalarNode)?.Value switch
        {
            "public" => PolicyGrant.Public,
            "cross_account" => PolicyGrant.CrossAccount,
            "external" => PolicyGrant.External,
            _ => null,
        };
        if (grant is null)
        {
            context.Error(operand, "'policy_grants' expects public, cross_account or external");
            return null;
        }

        return new PolicyGrantsCondition(path, grant.Value);
    }

    private CidrCondition? BuildCidr(YamlNode operand, FieldReader path)
    {
        if (TextList("cidr", operand, allowScalar: true) is not { } texts)
        {
            return null;
        }

        var networks = new List<IPNetwork>();
        foreach (var text in texts)
        {
            if (TryParseNetwork(text, out var network))
            {
                networks.Add(network);
            }
            else
            {
                context.Error(operand, $"invalid CIDR '{text}' (expected an address or a network such as 10.0.0.0/8 or 2001:db8::/32, with no host bits set)");
            }
        }

        return networks.Count == texts.Count ? new CidrCondition(path, [.. networks]) : null;
    }

    private static bool TryParseNetwork(string text, out IPNetwork network)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            // Host bits set (10.0.0.1/8) usually mean a typo for /32 or 10.0.0.0/8; refuse rather than guess.
            return IPNetwork.TryParse(text, out network)
                && IPAddress.TryParse(text.AsSpan(0, slash), out var written)
                && written.Equals(network.BaseAddress);
        }

        network = default;
        if (!IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    private NumericCondition? BuildNumeric(string op, YamlNode operand, FieldReader path)
    {
        if (operand is not YamlScalarNode scalar
            || !double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number))
        {
            context.Error(operand, $"'{op}' expects a number");
            return null;
        }

        var comparison = op switch
        {
            "gt" => NumericComparison.GreaterThan,
            "gte" => NumericComparison.GreaterThanOrEqual,
            "lt" => NumericComparison.LessThan,
            _ => NumericComparison.LessThanOrEqual,
        };
        return new NumericCondition(path, comparison, number);
    }
}
