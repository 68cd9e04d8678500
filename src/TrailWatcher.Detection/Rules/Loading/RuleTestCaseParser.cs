using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>Parses a rule's <c>tests</c>: each a name, an expected verdict and a CloudTrail event given as YAML or JSON.</summary>
internal sealed class RuleTestCaseParser(LoadContext context)
{
    private readonly YamlNodeReader _yaml = new(context);

    public List<RuleTestCase> ParseTests(YamlNode node)
    {
        var result = new List<RuleTestCase>();
        if (node is not YamlSequenceNode sequence)
        {
            context.Error(node, "'tests' expects a list of {name, expected, event}");
            return result;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                context.Error(item, "a test must be a mapping with name, expected and event");
                continue;
            }

            var fields = _yaml.ReadKeys(mapping, ["name", "expected", "event"], "test key");
            var nameNode = _yaml.Required(fields, mapping, "name");
            var name = nameNode is null ? null : _yaml.String(nameNode, "name");
            var expected = _yaml.Required(fields, mapping, "expected") is { } expectedNode ? _yaml.Bool(expectedNode, "expected") : null;
            var eventJson = _yaml.Required(fields, mapping, "event") is { } eventNode ? ParseEvent(eventNode) : null;
            if (name is not null && !names.Add(name))
            {
                context.Error(nameNode!, $"duplicate test name '{name}'");
            }

            if (name is not null && expected is not null && eventJson is not null)
            {
                result.Add(new RuleTestCase(name, eventJson, expected.Value, checked((int)mapping.Start.Line)));
            }
        }

        return result;
    }

    private string? ParseEvent(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode:
                return YamlToJson.Convert(node, context);
            case YamlScalarNode scalar when YamlScalars.Resolve(scalar) == ScalarKind.String:
                var text = scalar.Value ?? "";
                try
                {
                    using var document = JsonDocument.Parse(text);
                    if (document.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        // Kept verbatim so escapes in the text reach the reader exactly as written.
                        return text;
                    }

                    context.Error(node, "test event must be a JSON object");
                    return null;
                }
                catch (JsonException ex)
                {
                    context.Error(node, $"test event is not valid JSON: {ex.Message}");
                    return null;
                }

            default:
                context.Error(node, "test event must be a mapping or a string holding a JSON object");
                return null;
        }
    }
}
