using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Rules;

/// <summary>Loads the built-in rule pack that ships next to the binary together with the user's rule directories.</summary>
internal static class RuleCatalog
{
    public static string BuiltInDirectory => Path.Combine(AppContext.BaseDirectory, "rules");

    /// <summary>Throws <see cref="RuleLoadException"/> listing every problem of every file.</summary>
    public static RuleSet Load(IEnumerable<string> extraDirectories) =>
        RuleLoader.LoadDirectories([BuiltInDirectory, .. extraDirectories.Where(d => !string.IsNullOrWhiteSpace(d))]);
}
