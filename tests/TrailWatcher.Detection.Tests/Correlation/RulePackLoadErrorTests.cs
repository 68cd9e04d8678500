using TrailWatcher.Detection.Correlation.Loading;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Correlation;

/// <summary>What a rule directory with one broken file reports: that file's problems, not every correlation naming a rule that loaded.</summary>
public sealed class RulePackLoadErrorTests
{
    private const string BrokenRule = """
        id: Test.Broken
        title: Broken rule
        description: A rule with an operator that does not exist.
        severity: low
        condition:
          field: eventName
          equalz: StopLogging
        """;

    private static string Correlation(params string[] rules) => $"""
        title: Two calls by one principal
        id: Test.Correlation
        level: medium
        correlation:
          type: event_count
          rules: [{string.Join(", ", rules)}]
          group-by:
            - userIdentity.arn
          timespan: 10m
          condition:
            gte: 2
        """;

    private static List<string> LoadErrors(params (string Name, string Yaml)[] files)
    {
        using var directory = ScratchDirectory.Create("trailwatcher-pack-errors-");
        foreach (var (name, yaml) in files)
        {
            directory.Write(name, yaml);
        }

        var error = Assert.Throws<RuleLoadException>(() => RulePackLoader.LoadDirectories([directory.FullName], [], RuleTests.Load));
        return [.. error.Errors.Select(e => $"{Path.GetFileName(e.File)}: {e.Message}")];
    }

    [Fact]
    public void BrokenRuleFile_IsTheOnlyProblem_WhenTheCorrelationNamesRulesThatLoaded()
    {
        var errors = LoadErrors(
            ("a_good.yml", TestRules.Yaml("field: eventName\nequals: StopLogging", id: "Test.Good")),
            ("b_broken.yml", BrokenRule),
            ("c_correlation.yml", Correlation("Test.Good")));

        var error = Assert.Single(errors);
        Assert.StartsWith("b_broken.yml: unknown operator 'equalz'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CorrelationNamingTheBrokenRule_IsReportedBesideIt_AndTheRuleThatLoadedIsNot()
    {
        var errors = LoadErrors(
            ("a_good.yml", TestRules.Yaml("field: eventName\nequals: StopLogging", id: "Test.Good")),
            ("b_broken.yml", BrokenRule),
            ("c_correlation.yml", Correlation("Test.Good", "Test.Broken")));

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("b_broken.yml: unknown operator 'equalz'", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("c_correlation.yml: unknown rule 'Test.Broken'", errors[1], StringComparison.Ordinal);
        Assert.DoesNotContain(errors, e => e.Contains("'Test.Good'", StringComparison.Ordinal));
    }
}
