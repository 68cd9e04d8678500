namespace TrailWatcher.Detection.Testing;

/// <summary>One rule's verdict on one record, with the silencing exception's name or the error's message.</summary>
public sealed record RuleVerdict(RuleVerdictKind Kind, string? Detail = null)
{
    /// <summary>True when the rule would raise its alert for the record.</summary>
    public bool Raises => Kind == RuleVerdictKind.Match;

    public override string ToString() => Kind switch
    {
        RuleVerdictKind.Match => "match",
        RuleVerdictKind.NoMatch => "no match",
        RuleVerdictKind.Silenced => $"match silenced by exception {Detail}",
        _ => $"error: {Detail}",
    };
}
