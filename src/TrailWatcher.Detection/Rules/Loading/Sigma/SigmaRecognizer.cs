using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>Tells a Sigma file from a native rule by its structure: <c>detection</c> and <c>logsource</c> (or <c>correlation</c>) and no native <c>condition</c>.</summary>
internal static class SigmaRecognizer
{
    public static bool IsSigma(YamlStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return false;
        }

        var keys = root.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).ToHashSet(StringComparer.Ordinal);
        return !keys.Contains("condition")
            && ((keys.Contains("detection") && keys.Contains("logsource")) || keys.Contains("correlation"));
    }
}
