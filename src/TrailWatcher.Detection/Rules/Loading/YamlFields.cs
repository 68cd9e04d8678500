using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>A mapping's scalar keys by their text, for front-ends that look keys up by name (Sigma, correlations).</summary>
internal static class YamlFields
{
    /// <summary>Each key with text, its value; a key whose text an earlier key already had is reported and left out.</summary>
    /// <remarks>
    /// YamlDotNet refuses a repeated key only when the two nodes are equal, tag included, so <c>! n: 1</c> and
    /// <c>n: 2</c> both load: by their text they are one key given twice.
    /// </remarks>
    public static Dictionary<string, YamlNode> ByName(YamlMappingNode mapping, LoadContext context)
    {
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && !fields.TryAdd(name, value))
            {
                context.Error(key, $"duplicate key '{name}'");
            }
        }

        return fields;
    }
}
