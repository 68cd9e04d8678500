using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>Reads the keys and scalars of a YAML rule node, reporting each problem with its position; shared by every part of rule loading.</summary>
internal sealed class YamlNodeReader(LoadContext context)
{
    public Dictionary<string, YamlNode> ReadKeys(YamlMappingNode mapping, string[] allowed, string what)
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

    public string? String(YamlNode node, string key)
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

    public List<string> StringList(YamlNode node, string key)
    {
        if (node is not YamlSequenceNode sequence)
        {
            context.Error(node, $"'{key}' expects a list");
            return [];
        }

        var values = new List<string>();
        foreach (var item in sequence.Children)
        {
            if (String(item, key) is { } value)
            {
                values.Add(value);
            }
        }

        return values;
    }
}
