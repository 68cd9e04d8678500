using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Testing;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Rules.Sigma;

public sealed class SigmaLoadingTests
{
    private static readonly string Shipped = RepositoryRoot.Combine("rules", "sigma", "aws", "cloudtrail");

    [Fact]
    public void ShippedRules_All57Load_AsSigma()
    {
        var rules = RuleLoader.LoadDirectories([Shipped]);

        Assert.Equal(57, rules.Rules.Count);
        Assert.Empty(rules.Skipped);
        Assert.All(rules.Rules, r => Assert.Equal(RuleFormats.Sigma, r.Format));
    }

    [Theory]
    [InlineData("8ad1600d-e9dc-4251-b0ee-a65268f29add", "userIdentity/(~\"Root\")")]
    [InlineData("a840e606-7c8c-4684-9bc1-eb6b6155127f", "(~\"TruffleHog\")")]
    [InlineData("352a918a-34d8-4882-8470-44830c507aa3", "userIdentity/(:assumed-role/aws:)")]
    public void ShippedRules_WithoutAnEventName_StillRuleOutRecordsBeforeParsing(string id, string guard)
    {
        // No eventName to index on: without a guard, each of these would parse every record of the log.
        var rule = RuleLoader.LoadDirectories([Shipped]).Rules.Single(r => r.Id == id);

        Assert.Null(rule.EventNames);
        Assert.Equal(guard, rule.Guard?.ToString());
    }

    [Fact]
    public void ShippedRules_SidecarTests_PassAndCoverTenRules()
    {
        var rules = RuleLoader.LoadDirectories([Shipped]);
        var results = RuleTestRunner.Run(rules);

        Assert.True(rules.Rules.Count(r => r.Tests.Any(t => t.ExpectedMatch) && r.Tests.Any(t => !t.ExpectedMatch)) >= 10);
        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
    }

    [Fact]
    public void KeyRepeatedWithATag_IsADuplicateKeyError()
    {
        // Found by fuzzing (scripts/fuzz.sh sigma): YamlDotNet keeps "! n" and "n" apart (their tags differ), and reading
        // the rule's keys by name threw ArgumentException ("An item with the same key has already been added").
        var yaml = SigmaTestRules.Yaml("sel:\n    eventName: X\ncondition: sel", extra: "! author: A\nauthor: B");

        var errors = Assert.Throws<RuleLoadException>(() => RuleLoader.LoadTexts([("d.yml", yaml)])).Errors;

        Assert.Contains(errors, e => e.File == "d.yml" && e.Message == "duplicate key 'author'");
    }

    [Fact]
    public void SidecarTests_EmptyKeyInBlockMapping_IsASyntaxErrorInTheSidecar()
    {
        // The rule target's finding (YamlDotNet's ArgumentException for "a:\n : b") in the one YAML reader that did not
        // go through YamlFile.
        using var directory = ScratchDirectory.Create("sidecar-");
        var rule = directory.Write("r.yml", SigmaTestRules.Yaml("sel:\n    eventName: X\ncondition: sel"));
        directory.Write("r.tests.yml", "a:\n : b\n");

        var error = Assert.Single(Assert.Throws<RuleLoadException>(() => RuleLoader.LoadFile(rule)).Errors);

        Assert.EndsWith("r.tests.yml", error.File, StringComparison.Ordinal);
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_IsMapped()
    {
        var rule = RuleLoader.LoadTexts([("m.yml", SigmaTestRules.Yaml(
            "sel:\n    eventName: X\ncondition: sel",
            extra: "description: Something.\nauthor: Someone\nreferences:\n    - https://example.com\nfalsepositives:\n    - Admins\ntags:\n    - attack.defense_evasion\n    - attack.t1562.008\n    - attack.impact\n    - cve.2020-1"))]).Rules.Single();

        Assert.Equal("5f0c0b8e-0000-4000-8000-000000000001", rule.Id);
        Assert.Equal("Test Sigma rule", rule.Title);
        Assert.Equal(Severity.Medium, rule.Severity);
        Assert.Equal(SeverityNames.DefaultRiskScore(Severity.Medium), rule.RiskScore);
        Assert.Equal(["TA0005", "TA0040"], rule.Mitre.Tactics);
        Assert.Equal(["T1562.008"], rule.Mitre.Techniques);
        Assert.Equal(["Admins"], rule.FalsePositives);
        Assert.Equal("Someone", rule.Author);
        Assert.Equal("test", rule.Status);
        Assert.Equal(["https://example.com"], rule.References);
    }

    [Fact]
    public void InformationalLevel_IsInfoSignal()
    {
        var yaml = SigmaTestRules.Yaml("sel:\n    eventName: X\ncondition: sel").Replace("level: medium", "level: informational", StringComparison.Ordinal);
        var rule = RuleLoader.LoadTexts([("i.yml", yaml)]).Rules.Single();

        Assert.Equal(Severity.Info, rule.Severity);
        Assert.True(rule.Signal);
    }

    [Fact]
    public void OtherLogsource_IsSkippedWithReason()
    {
        var yaml = SigmaTestRules.Yaml("sel:\n    Image|endswith: '\\cmd.exe'\ncondition: sel", logsource: "product: windows\n    category: process_creation");
        var rules = RuleLoader.LoadTexts([("win.yml", yaml)]);

        Assert.Empty(rules.Rules);
        Assert.Contains("win.yml: Sigma logsource (product: windows", Assert.Single(rules.Skipped), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sel:\n    a|expand: '%x%'\ncondition: sel", 10, "placeholders")]
    [InlineData("sel:\n    a|frobnicate: x\ncondition: sel", 10, "unknown or unsupported modifier 'frobnicate'")]
    [InlineData("sel:\n    a: 1\ncondition: sel | count() > 5", 11, "aggregation")]
    [InlineData("sel:\n    a: 1\ncondition: sel near other", 11, "'near' is not supported")]
    [InlineData("sel:\n    a: 1\ncondition: sel and missing", 11, "'missing'")]
    [InlineData("sel:\n    a: 1\ncondition: (sel", 11, "not closed")]
    [InlineData("sel:\n    a|re: '(('\ncondition: sel", 10, "invalid regular expression")]
    [InlineData("sel:\n    a|cidr: 'x'\ncondition: sel", 10, "CIDR")]
    [InlineData("sel:\n    a|i: x\ncondition: sel", 10, "must follow 're'")]
    [InlineData("sel:\n    a: 1\ntimeframe: 5m\ncondition: sel", 11, "timeframe")]
    public void UnsupportedOrInvalid_FailsWithFileAndLine(string detection, int line, string reason)
    {
        var error = Assert.Single(SigmaTestRules.Errors(detection).Errors);

        Assert.Equal("sigma.yml", error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailingSigmaRule_DoesNotHideOtherRulesErrors_AndNativeRulesStillParse()
    {
        var bad = SigmaTestRules.Yaml("sel:\n    a|expand: x\ncondition: sel");
        var ex = Assert.Throws<RuleLoadException>(() => RuleLoader.LoadTexts([("bad.yml", bad), ("good.yml", SigmaTestRules.Yaml("sel:\n    a: 1\ncondition: sel"))]));

        Assert.All(ex.Errors, e => Assert.Equal("bad.yml", e.File));
    }

    [Fact]
    public void ExcludedDirectory_IsNotLoaded()
    {
        var root = RepositoryRoot.Combine("rules");
        var rules = RuleLoader.LoadDirectories([root], [Path.Combine(root, "sigma"), Path.Combine(root, "correlations")], RuleTests.Load);

        Assert.DoesNotContain(rules.Rules, r => r.Format == RuleFormats.Sigma);
        Assert.NotEmpty(rules.Rules);
    }
}
