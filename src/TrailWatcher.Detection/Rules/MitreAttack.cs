namespace TrailWatcher.Detection.Rules;

/// <summary>The MITRE ATT&amp;CK tactics (TA…) and techniques (T…) a rule maps to.</summary>
public sealed record MitreAttack(IReadOnlyList<string> Tactics, IReadOnlyList<string> Techniques)
{
    public static MitreAttack None { get; } = new([], []);
}
