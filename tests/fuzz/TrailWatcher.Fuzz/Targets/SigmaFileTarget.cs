using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Correlation.Loading;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Fuzz.Targets;

/// <summary>A multi-document Sigma file (correlations and rules) through SigmaFileParser, its correlations then resolved against its rules.</summary>
internal sealed class SigmaFileTarget : IFuzzTarget
{
    public string Name => "sigma-file";

    public void Run(ReadOnlySpan<byte> input)
    {
        var content = SigmaFileParser.Parse(RuleLoadErrors.FileName, FuzzText.Decode(input));
        RuleLoadErrors.RequireNamed(content.Errors);
        if (content.Errors.Count > 0)
        {
            return;
        }

        var byIdOrName = new Dictionary<string, Rule>(StringComparer.Ordinal);
        foreach (var rule in content.Rules)
        {
            byIdOrName.TryAdd(rule.Id, rule);
        }

        var resolution = CorrelationResolver.Resolve(content.Correlations, byIdOrName);
        RuleLoadErrors.RequireNamed(resolution.Errors);
    }
}
