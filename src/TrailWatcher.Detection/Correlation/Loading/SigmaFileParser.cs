using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Rules.Loading.Sigma;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Correlation.Loading;

/// <summary>Reads a Sigma file of one or more YAML documents (<c>---</c>): correlation documents here, the others through the Sigma rule front-end.</summary>
public static class SigmaFileParser
{
    /// <summary>Every document of the text, each reported with its position when it has a problem; the others still load.</summary>
    /// <param name="name">The file name, for messages and for ids of documents that give neither <c>id</c> nor <c>name</c>.</param>
    /// <param name="yaml">The file's text.</param>
    public static SigmaFileContent Parse(string name, string yaml)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(yaml);
        var errors = new List<RuleLoadError>();
        var context = new LoadContext(name, errors);
        var correlations = new List<CorrelationRule>();
        var rules = new List<Rule>();
        var skipped = new List<string>();
        if (YamlFile.Load(yaml, context) is not { } stream)
        {
            return new SigmaFileContent(correlations, rules, skipped, errors);
        }

        var documents = stream.Documents.Where(d => d.RootNode is not YamlScalarNode { Value: null or "" }).ToList();
        var baseName = Path.GetFileNameWithoutExtension(name);
        for (var i = 0; i < documents.Count; i++)
        {
            var root = documents[i].RootNode;
            var fallbackId = documents.Count == 1 ? baseName : $"{baseName}#{i + 1}";
            if (root is not YamlMappingNode mapping)
            {
                context.Error(root, "a Sigma document must be a mapping (title, logsource, detection, or correlation)");
                continue;
            }

            if (mapping.Children.ContainsKey(new YamlScalarNode("correlation")))
            {
                if (new CorrelationRuleParser(context).Parse(mapping, fallbackId) is { } correlation)
                {
                    correlations.Add(correlation);
                }

                continue;
            }

            // The Sigma front-end takes one document; a stream of just this one keeps the nodes and so their positions.
            var single = new YamlStream(new YamlDocument(mapping));
            if (new SigmaRuleParser(context).Parse(single, readSidecar: false) is not { } result)
            {
                continue;
            }

            if (result.SkipReason is { } reason)
            {
                skipped.Add($"{name}: {reason}");
            }
            else
            {
                rules.Add(result.Rule!);
            }
        }

        return new SigmaFileContent(correlations, rules, skipped, errors);
    }
}
