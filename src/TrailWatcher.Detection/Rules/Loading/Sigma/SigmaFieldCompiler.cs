using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using TrailWatcher.Detection.Rules.Conditions;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>Compiles one Sigma field entry (<c>field|modifiers: value or values</c>) into a condition.</summary>
internal sealed class SigmaFieldCompiler(LoadContext context, string ruleId)
{
    /// <summary>The condition, or null after reporting why the entry cannot be compiled.</summary>
    /// <param name="key">The field key with its modifiers; empty for keywords.</param>
    /// <param name="keyNode">Where the key is written, for messages.</param>
    /// <param name="valueNode">The value or list of values.</param>
    public Condition? Compile(string key, YamlNode keyNode, YamlNode valueNode)
    {
        if (SigmaModifiers.Parse(key, out var error) is not { } modifiers)
        {
            context.Error(keyNode, error!);
            return null;
        }

        FieldReader field;
        if (modifiers.Field.Length == 0)
        {
            field = SigmaKeywordField.Instance;
        }
        else if (FieldPath.TryParse(modifiers.Field, out var path, out var pathError))
        {
            field = path;
        }
        else
        {
            context.Error(keyNode, pathError!);
            return null;
        }

        var values = Values(valueNode);
        if (values is null)
        {
            return null;
        }

        var leaves = new List<Condition>();
        var literals = new List<string>();
        foreach (var (node, text) in values)
        {
            if (text is null)
            {
                if (modifiers.Kind != SigmaValueKind.Text || modifiers.Position != SigmaTextPosition.Whole || modifiers.Base64 != 0 || field is not FieldPath)
                {
                    context.Error(node, "null (field absent) takes no modifier");
                    return null;
                }

                leaves.Add(new NotCondition(new HasValueCondition(field)));
                continue;
            }

            if (modifiers.Kind == SigmaValueKind.Text)
            {
                if (!AddText(node, field, text, modifiers, leaves, literals))
                {
                    return null;
                }
            }
            else if (Special(node, field, text, modifiers) is { } special)
            {
                leaves.Add(special);
            }
            else
            {
                return null;
            }
        }

        if (literals.Count > 0)
        {
            // Equality against several values is one set lookup, and the form the rule index reads.
            leaves.Insert(0, Wrapped(field, literals.Count == 1
                ? new EqualsCondition(field, literals[0], !modifiers.Cased)
                : new OneOfCondition(field, literals, !modifiers.Cased)));
        }

        if (leaves.Count == 1)
        {
            return leaves[0];
        }

        return modifiers.All ? new AllCondition([.. leaves]) : new AnyCondition([.. leaves]);
    }

    private List<(YamlNode Node, string? Text)>? Values(YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                return [(scalar, ScalarText(scalar))];
            case YamlSequenceNode { Children.Count: > 0 } sequence:
                var result = new List<(YamlNode, string?)>();
                foreach (var child in sequence.Children)
                {
                    if (child is not YamlScalarNode item)
                    {
                        context.Error(child, "a field's values must be plain values, not lists or maps");
                        return null;
                    }

                    result.Add((item, ScalarText(item)));
                }

                return result;
            default:
                context.Error(node, "a field takes a value or a non-empty list of values");
                return null;
        }
    }

    private static string? ScalarText(YamlScalarNode scalar) => YamlScalars.Resolve(scalar) == ScalarKind.Null ? null : scalar.Value ?? "";

    private bool AddText(YamlNode node, FieldReader field, string text, SigmaModifiers modifiers, List<Condition> leaves, List<string> literals)
    {
        if (SigmaValueVariants.Expand(text, modifiers, out var error) is not { } variants)
        {
            context.Error(node, error!);
            return false;
        }

        // A keyword is found anywhere in the record, as if written *keyword*.
        var position = field is DerivedField && modifiers.Position == SigmaTextPosition.Whole ? SigmaTextPosition.Contains : modifiers.Position;
        foreach (var variant in variants)
        {
            var pattern = SigmaPatterns.Canonical(variant);
            var plain = new WildcardPattern(pattern, ignoreCase: false);
            if (!plain.HasWildcards && position == SigmaTextPosition.Whole && !modifiers.All)
            {
                literals.Add(plain.Literal);
                continue;
            }

            LeafCondition leaf = plain.HasWildcards
                ? new TextMatchCondition(field, TextMatchKind.Wildcard, Affixed(pattern, position), !modifiers.Cased)
                : position switch
                {
                    SigmaTextPosition.Whole => new EqualsCondition(field, plain.Literal, !modifiers.Cased),
                    SigmaTextPosition.Contains => new TextMatchCondition(field, TextMatchKind.Contains, plain.Literal, !modifiers.Cased),
                    SigmaTextPosition.StartsWith => new TextMatchCondition(field, TextMatchKind.StartsWith, plain.Literal, !modifiers.Cased),
                    _ => new TextMatchCondition(field, TextMatchKind.EndsWith, plain.Literal, !modifiers.Cased),
                };
            leaves.Add(Wrapped(field, leaf));
        }

        return true;
    }

    private static string Affixed(string pattern, SigmaTextPosition position) => position switch
    {
        SigmaTextPosition.Contains => "*" + pattern + "*",
        SigmaTextPosition.StartsWith => pattern + "*",
        SigmaTextPosition.EndsWith => "*" + pattern,
        _ => pattern,
    };

    // eventName and eventSource are always strings; left bare, the index reads their equality. Elsewhere a value may be an object or null.
    private static Condition Wrapped(FieldReader field, LeafCondition leaf) =>
        field is FieldPath path && (path.IsTopLevelProperty("eventName") || path.IsTopLevelProperty("eventSource"))
            ? leaf
            : new ObjectTextCondition(field, leaf);

    private Condition? Special(YamlNode node, FieldReader field, string text, SigmaModifiers modifiers)
    {
        switch (modifiers.Kind)
        {
            case SigmaValueKind.Regex:
                try
                {
                    // Unanchored and case-sensitive unless 'i', as the specification has it.
                    var regex = new Regex(text, RegexOptions.CultureInvariant | modifiers.RegexFlags, RegexCondition.MatchTimeout);
                    return Wrapped(field, new RegexCondition(field, regex, ruleId));
                }
                catch (ArgumentException ex)
                {
                    context.Error(node, $"invalid regular expression: {ex.Message}");
                    return null;
                }

            case SigmaValueKind.Cidr:
                if (IPNetwork.TryParse(text, out var network))
                {
                    return new CidrCondition(field, [network]);
                }

                context.Error(node, $"'{text}' is not a network in CIDR notation (10.0.0.0/8, 2001:db8::/32)");
                return null;
            case SigmaValueKind.Numeric:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    return new NumericCondition(field, modifiers.Comparison, number);
                }

                context.Error(node, $"'{text}' is not a number");
                return null;
            case SigmaValueKind.Exists:
                if (bool.TryParse(text, out var exists))
                {
                    var has = new HasValueCondition(field);
                    return exists ? has : new NotCondition(has);
                }

                context.Error(node, "'exists' takes true or false");
                return null;
            default:
                if (FieldPath.TryParse(text, out var other, out var error))
                {
                    return new FieldReferenceCondition(field, other, ignoreCase: false);
                }

                context.Error(node, error!);
                return null;
        }
    }
}
