using TrailWatcher.Detection.Tests.TestSupport;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Detection.Tests.Rules;

public sealed class RuleLoaderErrorTests
{
    private const string Valid = """
        id: Test.Valid
        title: Valid
        description: Valid rule.
        severity: low
        condition:
          field: eventName
          equals: X
        """;

    private static RuleLoadError SingleError(string yaml, string file = "rules/x.yml")
    {
        var ex = TestRules.LoadErrors((file, yaml));
        return Assert.Single(ex.Errors);
    }

    [Fact]
    public void Load_UnknownOperator_ReportsLineColumnAndExpectedOperators()
    {
        var error = SingleError("""
            id: Test.Op
            title: t
            description: d
            severity: low
            condition:
              all:
                - field: eventName
                  equal: X
            """);

        Assert.Equal(("rules/x.yml", 8, 7), (error.File, error.Line, error.Column));
        Assert.StartsWith("unknown operator 'equal' (expected one of equals, not_equals, one_of,", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("rules/x.yml:8:7: unknown operator 'equal'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ThresholdWithoutDedup_NamesTheLineAndAsksForAPeriod()
    {
        var error = SingleError(Valid + "\nthreshold: 3\n");

        Assert.Equal(("rules/x.yml", 8, 12), (error.File, error.Line, error.Column));
        Assert.Contains("dedup", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("two")]
    public void Load_ThresholdNotAPositiveWholeNumber_IsAnError(string threshold)
    {
        var error = SingleError(Valid + $"\ndedup:\n  period: 1h\nthreshold: {threshold}\n");

        Assert.Equal("'threshold' expects a whole number of at least 1", error.Message);
    }

    [Fact]
    public void Load_BadSeverity_NamesAllowedValues()
    {
        var error = SingleError(Valid.Replace("severity: low", "severity: hgh", StringComparison.Ordinal));

        Assert.Equal((4, 11), (error.Line, error.Column));
        Assert.Equal("severity 'hgh' is not one of info, low, medium, high, critical", error.Message);
    }

    [Fact]
    public void Load_UnknownTopLevelKey_IsAnError()
    {
        var error = SingleError(Valid + "\nsevrity: high\n");

        Assert.Equal((8, 1), (error.Line, error.Column));
        Assert.StartsWith("unknown key 'sevrity'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_YamlSyntaxError_ReportsYamlDotNetMark()
    {
        var error = SingleError("id: Test.X\ntitle: [unclosed\ndescription: d\n");

        Assert.True(error.Line >= 2, error.ToString());
        Assert.True(error.Column >= 1, error.ToString());
        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadIndentation_ReportsExactMark()
    {
        var error = SingleError("id: Test.X\ntitle: t\n  description: d\n");

        Assert.Equal((3, 14), (error.Line, error.Column));
        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a:\n : b\n")]
    [InlineData("id: Test.X\ntt:\n : C\nd: A\n")]
    public void Load_EmptyKeyInBlockMapping_IsASyntaxError(string yaml)
    {
        // Found by fuzzing (scripts/fuzz.sh rule): YamlDotNet threw ArgumentException ("The current event is of an
        // unsupported type") out of RuleLoader instead of a RuleLoadException.
        var error = SingleError(yaml);

        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 1, error.ToString());
    }

    [Fact]
    public void Load_DuplicateYamlKey_IsASyntaxError()
    {
        var error = SingleError(Valid + "\ntitle: again\n");

        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateIds_NamesBothFiles()
    {
        var ex = TestRules.LoadErrors(("rules/a.yml", Valid), ("rules/b.yml", Valid));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(("rules/b.yml", 1, 5), (error.File, error.Line, error.Column));
        Assert.Equal("duplicate rule id 'Test.Valid' (also defined in rules/a.yml:1:5)", error.Message);
    }

    [Fact]
    public void Load_InvalidRegex_ReportsPatternPosition()
    {
        var error = SingleError(Valid.Replace("equals: X", "regex: '(unclosed'", StringComparison.Ordinal));

        Assert.Equal((7, 10), (error.Line, error.Column));
        Assert.StartsWith("invalid regex '(unclosed'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cidr: 10.0.0.0/33")]
    [InlineData("cidr: not-an-ip")]
    [InlineData("cidr: 10.0.0.1/8")]
    [InlineData("cidr: [10.0.0.0/8, 300.1.1.1/32]")]
    public void Load_InvalidCidr_IsAnError(string operatorLine)
    {
        var error = SingleError(Valid.Replace("equals: X", operatorLine, StringComparison.Ordinal));

        Assert.Equal(7, error.Line);
        Assert.StartsWith("invalid CIDR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TestEventNotJson_ReportsTheEventLine()
    {
        var error = SingleError(Valid + """

            tests:
              - name: broken
                expected: true
                event: '{"eventName": "X",}'
            """);

        Assert.Equal((11, 12), (error.Line, error.Column));
        Assert.StartsWith("test event is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("field: eventName", "has no operator")]
    [InlineData("field: eventName\n  equals: X\n  contains: Y", "several operators")]
    [InlineData("equals: X", "needs 'field'")]
    [InlineData("all: []", "'all' expects a non-empty list")]
    [InlineData("all:\n    - field: a\n      exists: true\n  field: b", "must be the only key")]
    [InlineData("field: eventName\n  exists: maybe", "'exists' expects true or false")]
    [InlineData("field: eventName\n  gt: many", "'gt' expects a number")]
    [InlineData("field: eventName\n  one_of: X", "'one_of' expects a non-empty list")]
    [InlineData("field: eventName\n  equals:", "'equals' expects a single value")]
    [InlineData("field: a..b\n  exists: true", "empty or malformed segment")]
    [InlineData("field: eventName\n  equals: X\n  case_insensitive: sometimes", "'case_insensitive' expects true or false")]
    [InlineData("- field: eventName\n    equals: X", "must be a mapping")]
    public void Load_MalformedCondition_Explains(string condition, string expected)
    {
        var yaml = Valid.Replace("field: eventName\n  equals: X", condition, StringComparison.Ordinal);

        var ex = TestRules.LoadErrors(("x.yml", yaml));

        Assert.Contains(ex.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal) && e.Line > 0);
    }

    [Theory]
    [InlineData("risk_score: 101", "'risk_score' expects a whole number from 0 to 100")]
    [InlineData("enabled: yes", "'enabled' expects true or false")]
    [InlineData("mitre:\n  tactics: [TA05]", "MITRE tactics 'TA05'")]
    [InlineData("mitre:\n  techniques: [T1562.8]", "MITRE techniques 'T1562.8'")]
    [InlineData("mitre:\n  tactic: [TA0005]", "unknown mitre key 'tactic'")]
    [InlineData("references: [not a url]", "is not an http(s) URL")]
    [InlineData("dedup:\n  period: 1w", "dedup period '1w'")]
    [InlineData("dedup:\n  key: '{a'\n  period: 1h", "unclosed")]
    [InlineData("context:\n  bucket: a..b", "malformed segment")]
    [InlineData("tests:\n  - name: t\n    event: {}", "missing required key 'expected'")]
    [InlineData("tests:\n  - name: t\n    expected: true\n    event: []", "test event must be a mapping")]
    [InlineData("tests:\n  - name: t\n    expected: true\n    event: '[1]'", "test event must be a JSON object")]
    [InlineData("tests:\n  - name: t\n    expected: true\n    event: {a: .inf}", "cannot be written as a JSON number")]
    [InlineData("tests:\n  - name: t\n    expected: true\n    events: {}", "unknown test key 'events'")]
    public void Load_MalformedMetadata_Explains(string extra, string expected)
    {
        var ex = TestRules.LoadErrors(("x.yml", Valid + "\n" + extra + "\n"));

        Assert.Contains(ex.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal) && e.Line > 0);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("title")]
    [InlineData("description")]
    [InlineData("severity")]
    [InlineData("condition")]
    public void Load_MissingRequiredKey_IsAnError(string key)
    {
        var yaml = string.Join('\n', Valid.Split('\n').Where(l => !l.StartsWith(key + ":", StringComparison.Ordinal)
            && !(key == "condition" && l.StartsWith(' '))));

        var ex = TestRules.LoadErrors(("x.yml", yaml));

        Assert.Contains(ex.Errors, e => e.Message == $"missing required key '{key}'" && e.Line == 1 && e.Column == 1);
    }

    [Fact]
    public void Load_SeveralBadFiles_ReportsEveryProblemAtOnce()
    {
        var ex = TestRules.LoadErrors(
            ("a.yml", Valid.Replace("severity: low", "severity: hgh", StringComparison.Ordinal)),
            ("b.yml", "id: [oops"),
            ("c.yml", Valid.Replace("Test.Valid", "Test.C", StringComparison.Ordinal).Replace("equals: X", "equal: X", StringComparison.Ordinal)
                + "\nrisk_score: -1\n"));

        Assert.Equal(["a.yml", "b.yml", "c.yml", "c.yml"], ex.Errors.Select(e => e.File));
        var lines = ex.Message.Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("a.yml:4:11: severity 'hgh'", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("b.yml:", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("c.yml:7:3: unknown operator 'equal'", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadDirectories_MissingDirectory_NamesIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "trailwatcher-missing-" + Guid.NewGuid().ToString("N"));

        var ex = Assert.Throws<RuleLoadException>(() => RuleLoader.LoadDirectories([missing]));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(missing, error.File);
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectories_BadFilesOnDisk_ReportsAllWithPaths()
    {
        using var dir = ScratchDirectory.Create("trailwatcher-rules-");
        dir.Write("one.yml", Valid.Replace("severity: low", "severity: urgent", StringComparison.Ordinal));
        dir.Write(Path.Combine("nested", "two.yaml"), "title: only\n");
        dir.Write("ignored.txt", "not a rule");

        var ex = Assert.Throws<RuleLoadException>(() => RuleLoader.LoadDirectories([dir.FullName]));

        Assert.Contains(ex.Errors, e => e.File.EndsWith("one.yml", StringComparison.Ordinal) && e.Message.Contains("urgent", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.File.EndsWith("two.yaml", StringComparison.Ordinal) && e.Message == "missing required key 'id'");
        Assert.DoesNotContain(ex.Errors, e => e.File.EndsWith(".txt", StringComparison.Ordinal));
    }
}
