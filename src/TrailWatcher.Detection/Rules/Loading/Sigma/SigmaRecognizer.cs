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

        // Every rule file of the pack is asked, so the keys are looked at in place rather than gathered into a set.
        bool condition = false, detection = false, logsource = false, correlation = false;
        foreach (var key in root.Children.Keys)
        {
            switch ((key as YamlScalarNode)?.Value)
            {
                case "condition":
                    condition = true;
                    break;
                case "detection":
                    detection = true;
                    break;
                case "logsource":
                    logsource = true;
                    break;
                case "correlation":
                    correlation = true;
                    break;
            }
        }

        return !condition && ((detection && logsource) || correlation);
    }
}
