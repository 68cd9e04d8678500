using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Rules;

/// <summary>Commands that only evaluate load rules without their test cases; the rules must come out the same.</summary>
public sealed class RuleTestSkippingTests
{
    private const string Rule = """
        id: Test.Skip
        title: Skipping
        description: d
        severity: low
        condition:
          field: eventName
          equals: StopLogging
        tests:
        # a comment at column 0 inside the block
        - name: sequence at column 0
          expected: true
          event: {"eventName": "StopLogging",
            "tests:": "a key-like text inside an event"}
        -
          name: block scalar
          expected: false
          event: |
            {"eventName": "StartLogging"}
        """;

    [Fact]
    public void Blank_TestsBlockAtTheEnd_IsGoneAndLineCountKept()
    {
        var blanked = TestsSection.Blank(Rule);

        Assert.DoesNotContain("tests", blanked, StringComparison.Ordinal);
        Assert.Equal(Rule.Split('\n').Length, blanked.Split('\n').Length);
        Assert.StartsWith("id: Test.Skip", blanked, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SkippingTests_SameRuleWithoutTests()
    {
        var withTests = RuleLoader.LoadTexts([("skip.yml", Rule)]).Rules.Single();
        var without = RuleLoader.LoadTexts([("skip.yml", Rule)], RuleTests.Skip).Rules.Single();

        Assert.Equal(2, withTests.Tests.Count);
        Assert.Empty(without.Tests);
        Assert.Equal(withTests.Id, without.Id);
        Assert.All(withTests.Tests, t => Assert.Equal(t.ExpectedMatch, Matches(without, t)));
    }

    [Fact]
    public void Load_SkippingTests_KeyAfterTheBlockIsStillReadAndErrorsKeepTheirLine()
    {
        // A key after tests ends the block: it must still be parsed, and a problem in it reported on its own line.
        var yaml = Rule + "\nthreshold: many\n";
        var lines = yaml.Split('\n');
        var thresholdLine = Array.FindIndex(lines, l => l.StartsWith("threshold:", StringComparison.Ordinal)) + 1;

        var skipped = Assert.Throws<RuleLoadException>(() => RuleLoader.LoadTexts([("late.yml", yaml)], RuleTests.Skip));
        var loaded = Assert.Throws<RuleLoadException>(() => RuleLoader.LoadTexts([("late.yml", yaml)]));

        Assert.Equal(thresholdLine, Assert.Single(skipped.Errors).Line);
        Assert.Equal(loaded.Errors.Select(e => e.ToString()), skipped.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("tests: []\n")]
    [InlineData("\"tests\":\n  - name: quoted key\n")]
    public void Blank_KeyWrittenOtherwise_LeftAsItIs(string block)
    {
        var yaml = "id: a\n" + block;

        Assert.Equal(yaml, TestsSection.Blank(yaml));
    }

    [Fact]
    public void Load_WholePackSkippingTests_SameRulesAsWithThem()
    {
        var root = RepositoryRoot.Combine("rules");
        var withTests = RuleLoader.LoadDirectories([root], [Path.Combine(root, "correlations")], RuleTests.Load).Rules;
        var without = RuleLoader.LoadDirectories([root], [Path.Combine(root, "correlations")], RuleTests.Skip).Rules;

        Assert.Equal(withTests.Select(r => r.Id), without.Select(r => r.Id));
        Assert.All(without, r => Assert.Empty(r.Tests));
        Assert.True(withTests.Sum(r => r.Tests.Count) > 500);

        // The rules loaded without their tests decide each test event as the test expects, and index the same.
        foreach (var (tested, bare) in withTests.Zip(without))
        {
            Assert.Equal(tested.Guard?.ToString(), bare.Guard?.ToString());
            Assert.Equal(tested.EventNames?.Order(StringComparer.Ordinal), bare.EventNames?.Order(StringComparer.Ordinal));
            Assert.All(tested.Tests.Where(t => tested.Format == RuleFormats.Native), t => Assert.Equal(t.ExpectedMatch, Matches(bare, t)));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_FileSkippingTests_KeepsTextAroundTheBlockWhateverItsCharacters(bool byteOrderMark)
    {
        // The block is found in the file's bytes: characters of two to four bytes before and after it must come out
        // whole, the lines after it in place, and a byte-order mark dropped.
        var yaml = Rule.Replace("title: Skipping", "title: Überprüfung 🔒 ÿ", StringComparison.Ordinal) +
            "\n# trailing comment: ünïcödé\nsignal: true\n";
        using var directory = ScratchDirectory.Create("skip-");
        var path = Path.Combine(directory.FullName, "rule.yml");
        File.WriteAllText(path, yaml, new UTF8Encoding(byteOrderMark));
        var rule = Assert.Single(RuleLoader.LoadDirectories([directory.FullName], [], RuleTests.Skip).Rules);

        Assert.Equal("Überprüfung 🔒 ÿ", rule.Title);
        Assert.True(rule.Signal);
        Assert.Empty(rule.Tests);
        Assert.Equal(TestsSection.Blank(yaml), RuleText.ReadWithoutTests(path));
    }

    private static bool Matches(Rule rule, RuleTestCase test)
    {
        using var document = JsonDocument.Parse(test.EventJson);
        return rule.Matches(document.RootElement);
    }
}
