namespace TrailWatcher.Rules;

/// <summary>Where rules come from beside the built-in pack: rule directories and tuning files (from <c>--rules</c> / <c>--tuning</c> or settings).</summary>
internal sealed record RuleSources(IReadOnlyList<string> Directories, IReadOnlyList<string> TuningFiles)
{
    public static RuleSources None { get; } = new([], []);
}
