using System.Text.Json;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Detection.Tests.TestSupport;

/// <summary>Builds rules from small YAML snippets so tests state only the condition they exercise.</summary>
internal static class TestRules
{
    public static string Yaml(string conditionYaml, string id = "Test.Rule", bool caseInsensitive = false, string extra = "") =>
        $"""
        id: {id}
        title: Test rule
        description: A rule built by a test.
        severity: low
        case_insensitive: {(caseInsensitive ? "true" : "false")}
        {extra}
        condition:
        {Indent(conditionYaml.Trim('\n'), 2)}
        """;

    public static Rule FromCondition(string conditionYaml, string id = "Test.Rule", bool caseInsensitive = false) =>
        RuleLoader.LoadTexts([("test.yml", Yaml(conditionYaml, id, caseInsensitive))]).Rules.Single();

    public static bool Matches(this Rule rule, string eventJson)
    {
        using var document = JsonDocument.Parse(eventJson);
        return rule.Matches(document.RootElement);
    }

    public static RuleLoadException LoadErrors(params (string Name, string Yaml)[] files) =>
        Assert.Throws<RuleLoadException>(() => RuleLoader.LoadTexts(files));

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : new string(' ', spaces) + line));
}
