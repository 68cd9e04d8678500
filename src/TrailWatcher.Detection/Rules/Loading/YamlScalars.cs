using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>Core-schema resolution of scalars, so <c>5</c>, <c>true</c> and <c>~</c> mean what YAML readers expect while quoted text stays text.</summary>
internal static partial class YamlScalars
{
    private const string StrTag = "tag:yaml.org,2002:str";

    public static ScalarKind Resolve(YamlScalarNode node)
    {
        if (node.Style != ScalarStyle.Plain || (!node.Tag.IsEmpty && node.Tag.Value == StrTag))
        {
            return ScalarKind.String;
        }

        var text = node.Value ?? "";
        if (NullPattern().IsMatch(text))
        {
            return ScalarKind.Null;
        }

        if (BoolPattern().IsMatch(text))
        {
            return ScalarKind.Bool;
        }

        if (IntPattern().IsMatch(text))
        {
            return ScalarKind.Int;
        }

        return FloatPattern().IsMatch(text) ? ScalarKind.Float : ScalarKind.String;
    }

    /// <summary>The text a condition compares with: booleans and nulls in their JSON spelling, everything else as written.</summary>
    public static string ComparisonText(YamlScalarNode node) => Resolve(node) switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Bool => node.Value!.ToUpperInvariant() == "TRUE" ? "true" : "false",
        _ => node.Value ?? "",
    };

    public static bool TryGetBool(YamlScalarNode node, out bool value)
    {
        value = false;
        if (Resolve(node) != ScalarKind.Bool)
        {
            return false;
        }

        value = node.Value!.ToUpperInvariant() == "TRUE";
        return true;
    }

    public static bool IsJsonNumber(string text) => JsonNumberPattern().IsMatch(text);

    [GeneratedRegex("^(?:null|Null|NULL|~|)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^(?:true|True|TRUE|false|False|FALSE)$")]
    private static partial Regex BoolPattern();

    [GeneratedRegex("^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$")]
    private static partial Regex JsonNumberPattern();
}
