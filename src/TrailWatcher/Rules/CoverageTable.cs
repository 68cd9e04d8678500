using System.Globalization;
using System.Text;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Rules;

/// <summary>The rules by MITRE ATT&amp;CK tactic as a markdown table: the README's coverage section, generated so it cannot drift from the pack.</summary>
internal static class CoverageTable
{
    /// <summary>One row per enterprise tactic in matrix order (those without a rule too: gaps are the point), then ids the matrix lacks and rules without a tactic.</summary>
    public static string Markdown(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        // An EQL sequence's hidden step rules carry no mapping of their own: the sequence is a correlation, not a rule.
        var sorted = rules.Rules.Where(r => r.PartOf is null).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.Append("| ATT&CK tactic | rules | rule ids |\n|---|---:|---|\n");
        foreach (var tactic in AttackTactics.Enterprise)
        {
            Row(text, $"{tactic.Id} {tactic.Name}", sorted.Where(r => r.Mitre.Tactics.Contains(tactic.Id)));
        }

        var unknown = sorted.SelectMany(r => r.Mitre.Tactics).Where(t => AttackTactics.NameOf(t) is null).Distinct().Order(StringComparer.Ordinal);
        foreach (var id in unknown)
        {
            Row(text, $"{id} (not an enterprise tactic)", sorted.Where(r => r.Mitre.Tactics.Contains(id)));
        }

        var untagged = sorted.Where(r => r.Mitre.Tactics.Count == 0).ToList();
        if (untagged.Count > 0)
        {
            Row(text, "(no tactic)", untagged);
        }

        text.Append(CultureInfo.InvariantCulture, $"\n{sorted.Count} rules ({sorted.Count(r => r.Enabled)} enabled); a rule is counted under every tactic it maps to.\n");
        return text.ToString();
    }

    private static void Row(StringBuilder text, string tactic, IEnumerable<Rule> rules)
    {
        var ids = rules.Select(r => r.Enabled ? $"`{r.Id}`" : $"`{r.Id}` (disabled)").ToList();
        text.Append(CultureInfo.InvariantCulture, $"| {tactic} | {ids.Count} | {string.Join(", ", ids)} |\n");
    }
}
