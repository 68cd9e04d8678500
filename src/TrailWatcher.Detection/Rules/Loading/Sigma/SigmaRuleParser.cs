using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>Compiles one Sigma rule file into a <see cref="Rule"/>: metadata, the detection as a condition tree, and sidecar tests.</summary>
/// <remarks>Only <c>logsource: {product: aws, service: cloudtrail}</c> is evaluated; a rule for another source is skipped, with its reason.</remarks>
internal sealed class SigmaRuleParser(LoadContext context)
{
    private readonly YamlNodeReader _yaml = new(context);

    /// <summary>The rule, a skip reason, or null when the file had errors (reported to the context).</summary>
    /// <param name="stream">The file's YAML, already recognised as Sigma by <see cref="SigmaRecognizer"/>.</param>
    /// <param name="readSidecar">Whether to read <c>&lt;rule&gt;.tests.yml</c> beside the file.</param>
    public SigmaParseResult? Parse(YamlStream stream, bool readSidecar)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Documents.Count > 1)
        {
            context.Error(stream.Documents[1].RootNode, "multi-document Sigma files (action: global / repeat) are not supported");
            return null;
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var fields = YamlFields.ByName(root, context);
        if (fields.ContainsKey("correlation"))
        {
            context.Error(root, "Sigma correlation rules are not supported");
            return null;
        }

        var before = context.ErrorCount;
        var idNode = fields.GetValueOrDefault("id");
        var id = idNode is null ? Path.GetFileNameWithoutExtension(context.File) : _yaml.String(idNode, "id");
        var title = _yaml.Required(fields, root, "title") is { } titleNode ? _yaml.String(titleNode, "title") : null;
        if (SkipReason(fields.GetValueOrDefault("logsource"), root) is { } reason)
        {
            return new SigmaParseResult(null, (idNode ?? root).Start, reason);
        }

        var level = Level(fields.GetValueOrDefault("level"));
        var tags = Strings(fields, "tags");
        var condition = _yaml.Required(fields, root, "detection") is { } detection
            ? new SigmaDetectionCompiler(context, id ?? "").Compile(detection)
            : null;
        var tests = readSidecar ? SigmaSidecarTests.Read(context) : [];
        if (id is null || title is null || level is null || condition is null || context.ErrorCount != before)
        {
            return null;
        }

        var rule = new Rule
        {
            Id = id,
            Name = fields.TryGetValue("name", out var name) ? Text(name) : null,
            Title = title,
            Description = fields.TryGetValue("description", out var description) ? Text(description)?.TrimEnd() ?? "" : "",
            Severity = level.Value.Severity,
            RiskScore = SeverityNames.DefaultRiskScore(level.Value.Severity),
            Signal = level.Value.Signal,
            Tags = tags,
            Mitre = SigmaTags.Mitre(tags),
            References = Strings(fields, "references"),
            FalsePositives = Strings(fields, "falsepositives"),
            Author = fields.TryGetValue("author", out var author) ? Text(author) : null,
            Status = fields.TryGetValue("status", out var status) ? Text(status) : null,
            Format = RuleFormats.Sigma,
            Condition = condition,
            Tests = tests,
            SourceFile = context.File,
        };
        return new SigmaParseResult(rule, (idNode ?? root).Start, null);
    }

    private string? SkipReason(YamlNode? node, YamlNode root)
    {
        if (node is not YamlMappingNode logsource)
        {
            context.Error(node ?? root, "'logsource' expects a mapping (product, service, category)");
            return null;
        }

        string? Value(string key) =>
            logsource.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

        var product = Value("product");
        var service = Value("service");
        return string.Equals(product, "aws", StringComparison.OrdinalIgnoreCase) && string.Equals(service, "cloudtrail", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"Sigma logsource (product: {product ?? "-"}, service: {service ?? "-"}, category: {Value("category") ?? "-"}) is not aws/cloudtrail";
    }

    private (Severity Severity, bool Signal)? Level(YamlNode? node)
    {
        if (node is null)
        {
            return (Severity.Medium, false);
        }

        var text = _yaml.String(node, "level");
        if (text is null)
        {
            return null;
        }

        if (string.Equals(text, "informational", StringComparison.OrdinalIgnoreCase))
        {
            // Informational matches are worth counting and keeping, not paging anyone.
            return (Severity.Info, true);
        }

        if (text is "low" or "medium" or "high" or "critical" && SeverityNames.TryParse(text, out var severity))
        {
            return (severity, false);
        }

        context.Error(node, $"level '{text}' is not one of informational, low, medium, high, critical");
        return null;
    }

    // Sigma lets these be one text or a list; either reads as a list.
    private List<string> Strings(Dictionary<string, YamlNode> fields, string key) => fields.GetValueOrDefault(key) switch
    {
        null => [],
        YamlScalarNode scalar when YamlScalars.Resolve(scalar) == ScalarKind.Null => [],
        YamlScalarNode scalar => [scalar.Value ?? ""],
        var node => _yaml.StringList(node, key),
    };

    private static string? Text(YamlNode node) => node is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;
}
