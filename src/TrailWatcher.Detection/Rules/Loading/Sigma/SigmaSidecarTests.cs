using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>Reads a Sigma rule's tests from <c>&lt;rule&gt;.tests.yml</c> beside it, so the rule file itself stays as published.</summary>
internal static class SigmaSidecarTests
{
    public static List<RuleTestCase> Read(LoadContext rule)
    {
        var stem = Path.Combine(Path.GetDirectoryName(rule.File) ?? "", Path.GetFileNameWithoutExtension(rule.File));
        var path = new[] { stem + ".tests.yml", stem + ".tests.yaml" }.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return [];
        }

        var context = rule.For(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            context.Error(Mark.Empty, $"cannot read tests: {ex.Message}");
            return [];
        }

        // Through YamlFile like the rule itself, so every malformed file is a positioned syntax error, never an exception.
        if (YamlFile.Load(text, context) is not { } stream)
        {
            return [];
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root
            || root.Children.Count != 1 || !root.Children.TryGetValue(new YamlScalarNode("tests"), out var tests))
        {
            context.Error(Mark.Empty, "a tests file holds one mapping with the single key 'tests'");
            return [];
        }

        return new RuleTestCaseParser(context).ParseTests(tests);
    }
}
