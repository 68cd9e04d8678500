namespace TrailWatcher.Rules;

/// <summary>A MITRE ATT&amp;CK enterprise tactic: its id (TA0001) and name (Initial Access).</summary>
internal sealed record AttackTactic(string Id, string Name)
{
    public override string ToString() => $"{Id} {Name}";
}
