using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>The entries of every tuning file, in the order they apply: file by file, entry by entry; a later entry wins.</summary>
public sealed class TuningSet
{
    internal TuningSet(IReadOnlyList<TuningEntry> entries, IReadOnlyList<RuleLoadError> errors)
    {
        Entries = entries;
        Errors = errors;
    }

    /// <summary>No tuning: every rule as shipped.</summary>
    public static TuningSet Empty { get; } = new([], []);

    public bool IsEmpty => Entries.Count == 0;

    /// <summary>Every problem of every file (syntax, unknown keys, bad values, bad conditions); the rule ids are checked when applied.</summary>
    public IReadOnlyList<RuleLoadError> Errors { get; }

    internal IReadOnlyList<TuningEntry> Entries { get; }
}
