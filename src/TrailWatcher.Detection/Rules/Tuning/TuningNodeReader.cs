using System.Text.RegularExpressions;
using TrailWatcher.Detection.Rules.Loading;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>Reads the node shapes tuning files use (known keys, text, booleans), reporting each bad one at its position and going on.</summary>
internal sealed partial class TuningNodeReader(LoadContext context)
{
    public LoadContext Context => context;

    public static int Line(YamlNode node) => checked((int)node.Start.Line);

    public static int Column(YamlNode node) => checked((int)node.Start.Column);

    /// <summary>The allowed keys of a mapping; every other key is reported and left out.</summary>
    public Dictionary<string, YamlNode> Keys(YamlMappingNode mapping, string[] allowed, string what)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                context.Error(keyNode, $"{what}s must be plain text");
                continue;
            }

            if (!allowed.Contains(key))
            {
                context.Error(keyNode, $"unknown {what} '{key}' (expected one of {string.Join(", ", allowed)})");
                continue;
            }

            result[key] = value;
        }

        return result;
    }

    public YamlNode? Required(Dictionary<string, YamlNode> fields, YamlNode owner, string key)
    {
        if (fields.TryGetValue(key, out var node))
        {
            return node;
        }

        context.Error(owner, $"missing required key '{key}'");
        return null;
    }

    public string? Text(YamlNode node, string key)
    {
        if (node is YamlScalarNode scalar && YamlScalars.Resolve(scalar) != ScalarKind.Null && !string.IsNullOrWhiteSpace(scalar.Value))
        {
            return scalar.Value;
        }

        context.Error(node, $"'{key}' expects non-empty text");
        return null;
    }

    public bool? Bool(YamlNode node, string key)
    {
        if (node is YamlScalarNode scalar && YamlScalars.TryGetBool(scalar, out var value))
        {
            return value;
        }

        context.Error(node, $"'{key}' expects true or false");
        return null;
    }

    /// <summary>YamlDotNet prefixes its message with the marks we already report; keep just the reason.</summary>
    public static string StripMark(string message) => MarkPrefixPattern().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefixPattern();
}
