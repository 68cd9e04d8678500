using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Rules.Tuning;

namespace TrailWatcher.Fuzz.Targets;

/// <summary>A tuning file's text through TuningLoader, then applied to the built-in rules when it loaded cleanly, as the host does.</summary>
internal sealed class TuningTarget : IFuzzTarget
{
    public string Name => "tuning";

    public void Run(ReadOnlySpan<byte> input)
    {
        var tuning = TuningLoader.LoadTexts([(RuleLoadErrors.FileName, FuzzText.Decode(input))]);
        RuleLoadErrors.RequireNamed(tuning.Errors);
        if (tuning.Errors.Count > 0)
        {
            return;
        }

        try
        {
            TuningApplier.Apply(BuiltInRules.Rules, tuning, TimeProvider.System);
        }
        catch (RuleLoadException ex)
        {
            // Rejected as documented: an id or glob that names no loaded rule, or a setting the rule cannot take.
            RuleLoadErrors.RequireNamed(ex.Errors);
        }
    }
}
