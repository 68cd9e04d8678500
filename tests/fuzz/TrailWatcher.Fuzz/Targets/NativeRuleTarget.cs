using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Fuzz.Targets;

/// <summary>A rule file's text through RuleLoader, tests included, as <c>rules test</c> loads it.</summary>
internal sealed class NativeRuleTarget : IFuzzTarget
{
    public string Name => "rule";

    public void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            RuleLoader.LoadTexts([(RuleLoadErrors.FileName, FuzzText.Decode(input))]);
        }
        catch (RuleLoadException ex)
        {
            RuleLoadErrors.RequireNamed(ex.Errors);
        }
    }
}
