namespace TrailWatcher.Rules;

/// <summary>The MITRE ATT&amp;CK enterprise tactics in the matrix's order (reconnaissance to impact).</summary>
internal static class AttackTactics
{
    public static IReadOnlyList<AttackTactic> Enterprise { get; } =
    [
        new("TA0043", "Reconnaissance"),
        new("TA0042", "Resource Development"),
        new("TA0001", "Initial Access"),
        new("TA0002", "Execution"),
        new("TA0003", "Persistence"),
        new("TA0004", "Privilege Escalation"),
        new("TA0005", "Defense Evasion"),
        new("TA0006", "Credential Access"),
        new("TA0007", "Discovery"),
        new("TA0008", "Lateral Movement"),
        new("TA0009", "Collection"),
        new("TA0011", "Command and Control"),
        new("TA0010", "Exfiltration"),
        new("TA0040", "Impact"),
    ];

    /// <summary>The tactic's name, or null when the id is not an enterprise tactic.</summary>
    public static string? NameOf(string id) => Enterprise.FirstOrDefault(t => t.Id == id)?.Name;
}
