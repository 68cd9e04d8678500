using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Fuzz.Targets;

/// <summary>The check every YAML target shares: a rejected file is rejected with errors that name it.</summary>
internal static class RuleLoadErrors
{
    public const string FileName = "fuzz.yml";

    public static void RequireNamed(IReadOnlyList<RuleLoadError> errors)
    {
        foreach (var error in errors)
        {
            if (!string.Equals(error.File, FileName, StringComparison.Ordinal) || string.IsNullOrWhiteSpace(error.Message))
            {
                throw new UnexpectedRejectionException($"a load error does not name the input: {error}");
            }
        }
    }
}
