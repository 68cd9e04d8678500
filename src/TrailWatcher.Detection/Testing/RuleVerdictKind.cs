namespace TrailWatcher.Detection.Testing;

/// <summary>What one rule made of one record in a comparison.</summary>
public enum RuleVerdictKind
{
    /// <summary>The rule matched and would raise its alert (or signal).</summary>
    Match,

    /// <summary>The rule did not match, or the index would not offer it the record.</summary>
    NoMatch,

    /// <summary>The rule matched, but a tuning exception silences the match.</summary>
    Silenced,

    /// <summary>The rule could not decide (a regex past its timeout), or the record is not valid JSON.</summary>
    Error,
}
