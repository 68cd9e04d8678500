using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Fuzz.Targets;

/// <summary>The built-in native and EQL rules copied beside the harness, loaded once per fuzzing process.</summary>
internal static class BuiltInRules
{
    private static readonly Lazy<RuleSet> Loaded = new(() => RuleLoader.LoadDirectories(
        [Path.Combine(AppContext.BaseDirectory, "rules", "aws"), Path.Combine(AppContext.BaseDirectory, "rules", "elastic")],
        [],
        RuleTests.Skip));

    public static RuleSet Rules => Loaded.Value;
}
