using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>Parses a rule's <c>dedup</c> block and <c>threshold</c>, compiling the key template once.</summary>
internal sealed class DedupParser(LoadContext context)
{
    private readonly YamlNodeReader _yaml = new(context);

    public int? ParseThreshold(YamlNode node, YamlNode? dedupNode)
    {
        if (node is not YamlScalarNode scalar
            || YamlScalars.Resolve(scalar) != ScalarKind.Int
            || !int.TryParse(scalar.Value, System.Globalization.CultureInfo.InvariantCulture, out var threshold)
            || threshold < 1)
        {
            context.Error(node, "'threshold' expects a whole number of at least 1");
            return null;
        }

        if (threshold > 1 && dedupNode is null)
        {
            context.Error(node, $"'threshold: {threshold}' counts matches within a dedup period: add 'dedup: {{period: ...}}'");
            return null;
        }

        return threshold;
    }

    public DedupSettings? ParseDedup(YamlNode node, string ruleId)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, "'dedup' expects a mapping with key and period");
            return null;
        }

        var fields = _yaml.ReadKeys(mapping, ["key", "period"], "dedup key");
        var key = DedupKeyTemplate.Literal(ruleId);
        if (fields.TryGetValue("key", out var keyNode) && _yaml.String(keyNode, "dedup.key") is { } text)
        {
            if (DedupKeyTemplate.TryParse(text, out var template, out var problems))
            {
                key = template;
            }

            foreach (var problem in problems)
            {
                context.Error(keyNode, problem);
            }
        }

        if (_yaml.Required(fields, mapping, "period") is not { } periodNode || _yaml.String(periodNode, "dedup.period") is not { } periodText)
        {
            return null;
        }

        if (!DurationParser.TryParse(periodText, out var period))
        {
            context.Error(periodNode, $"dedup period '{periodText}' is not a positive duration (30s, 15m, 1h, 1d or 01:00:00)");
            return null;
        }

        return new DedupSettings(key, period);
    }
}
