using System.Text.RegularExpressions;

namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>Reads ATT&amp;CK techniques (<c>attack.t1562.008</c>) and tactics (<c>attack.defense_evasion</c>) from Sigma tags.</summary>
internal static partial class SigmaTags
{
    private static readonly Dictionary<string, string> Tactics = new(StringComparer.OrdinalIgnoreCase)
    {
        ["initial_access"] = "TA0001",
        ["execution"] = "TA0002",
        ["persistence"] = "TA0003",
        ["privilege_escalation"] = "TA0004",
        ["defense_evasion"] = "TA0005",
        ["credential_access"] = "TA0006",
        ["discovery"] = "TA0007",
        ["lateral_movement"] = "TA0008",
        ["collection"] = "TA0009",
        ["exfiltration"] = "TA0010",
        ["command_and_control"] = "TA0011",
        ["impact"] = "TA0040",
        ["resource_development"] = "TA0042",
        ["reconnaissance"] = "TA0043",
    };

    /// <summary>The mapping in tag order, each id once; tags of other namespaces (cve., detection., attack.g…) add nothing.</summary>
    public static MitreAttack Mitre(IEnumerable<string> tags)
    {
        var tactics = new List<string>();
        var techniques = new List<string>();
        foreach (var tag in tags)
        {
            if (!tag.StartsWith("attack.", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = tag["attack.".Length..];
            if (TechniquePattern().IsMatch(name))
            {
                AddOnce(techniques, name.ToUpperInvariant());
            }
            else if (Tactics.TryGetValue(name.Replace('-', '_'), out var tactic))
            {
                AddOnce(tactics, tactic);
            }
        }

        return tactics.Count == 0 && techniques.Count == 0 ? MitreAttack.None : new MitreAttack(tactics, techniques);
    }

    private static void AddOnce(List<string> list, string value)
    {
        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }

    [GeneratedRegex(@"^[tT]\d{4}(\.\d{3})?$")]
    private static partial Regex TechniquePattern();
}
