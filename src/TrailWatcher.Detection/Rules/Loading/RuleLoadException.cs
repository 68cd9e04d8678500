namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>Rules could not be loaded; <see cref="Errors"/> holds every problem of every file, not just the first.</summary>
public sealed class RuleLoadException : Exception
{
    public RuleLoadException(IReadOnlyList<RuleLoadError> errors)
        : base(string.Join('\n', errors ?? throw new ArgumentNullException(nameof(errors))))
    {
        Errors = errors;
    }

    public IReadOnlyList<RuleLoadError> Errors { get; }
}
