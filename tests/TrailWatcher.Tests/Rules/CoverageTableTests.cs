using TrailWatcher.Detection.Correlation.Loading;
using TrailWatcher.Rules;
using Xunit;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Tests.Rules;

public sealed class CoverageTableTests
{
    private const string Start = "<!-- coverage:start -->";
    private const string End = "<!-- coverage:end -->";

    [Fact]
    public void Readme_CoverageTable_IsWhatTheGeneratorProducesForTheBuiltInPackNow()
    {
        var pack = RulePackLoader.LoadDirectories([Path.Combine(RepositoryRoot.FullName, "rules")], [Path.Combine(RepositoryRoot.FullName, "rules", "sigma"), Path.Combine(RepositoryRoot.FullName, "rules", "elastic")], RuleTests.Load).Rules;
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.FullName, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf(Start, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README.md must hold the coverage table between {Start} and {End}");

        var published = readme[(start + Start.Length)..end].Trim('\n');

        Assert.True(CoverageTable.Markdown(pack).Trim('\n') == published, "README.md's coverage table is stale: run scripts/coverage-table.sh and commit the result");
    }

    [Fact]
    public void CoverageTable_EveryEnterpriseTactic_HasARowInMatrixOrderEvenWithoutRules()
    {
        var pack = RulePackLoader.LoadDirectories([Path.Combine(RepositoryRoot.FullName, "rules")], [Path.Combine(RepositoryRoot.FullName, "rules", "sigma"), Path.Combine(RepositoryRoot.FullName, "rules", "elastic")], RuleTests.Load).Rules;

        var rows = CoverageTable.Markdown(pack).Split('\n').Where(l => l.StartsWith("| TA", StringComparison.Ordinal)).ToList();

        Assert.Equal(AttackTactics.Enterprise.Select(t => $"| {t.Id} {t.Name} |"), rows.Take(14).Select(r => r[..(r.IndexOf(" |", 2, StringComparison.Ordinal) + 2)]));
        Assert.Equal("TA0043", AttackTactics.Enterprise[0].Id);
        Assert.Equal("TA0040 Impact", AttackTactics.Enterprise[^1].ToString());
    }
}
