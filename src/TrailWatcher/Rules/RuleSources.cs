using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Rules;

/// <summary>Where rules come from beside the built-in pack: rule directories and tuning files (from <c>--rules</c> / <c>--tuning</c> or settings), and whether the built-in Sigma and Elastic rules load.</summary>
internal sealed record RuleSources(IReadOnlyList<string> Directories, IReadOnlyList<string> TuningFiles, bool BuiltInSigma = false)
{
    /// <summary>Whether the built-in Elastic EQL rules (<c>rules/elastic</c>) load.</summary>
    public bool BuiltInElastic { get; init; }

    /// <summary>Whether the rules' test cases are read; the commands that only evaluate (<c>run</c>, <c>scan</c>) leave them out.</summary>
    public RuleTests Tests { get; init; } = RuleTests.Load;

    public static RuleSources None { get; } = new([], []);
}
