using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Detection.Tests.Rules.Sigma;

/// <summary>Builds Sigma rules from a detection snippet so each test states only what it exercises.</summary>
internal static class SigmaTestRules
{
    public static string Yaml(string detection, string logsource = "product: aws\n    service: cloudtrail", string extra = "") =>
        $"""
        title: Test Sigma rule
        id: 5f0c0b8e-0000-4000-8000-000000000001
        status: test
        {extra}
        logsource:
            {logsource}
        detection:
        {string.Join('\n', detection.Trim('\n').Split('\n').Select(l => "    " + l))}
        level: medium
        """;

    public static Rule Rule(string detection) => RuleLoader.LoadTexts([("sigma.yml", Yaml(detection))]).Rules.Single();

    public static RuleLoadException Errors(string detection) =>
        Assert.Throws<RuleLoadException>(() => RuleLoader.LoadTexts([("sigma.yml", Yaml(detection))]));
}
