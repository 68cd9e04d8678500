using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Rules.Loading.Sigma;

namespace TrailWatcher.Fuzz.Targets;

/// <summary>A Sigma rule's text into SigmaRuleParser when SigmaRecognizer calls it Sigma, as RuleLoader does (the parser relies on that).</summary>
internal sealed class SigmaRuleTarget : IFuzzTarget
{
    public string Name => "sigma";

    public void Run(ReadOnlySpan<byte> input)
    {
        var errors = new List<RuleLoadError>();
        var text = FuzzText.Decode(input);
        var context = new LoadContext(RuleLoadErrors.FileName, errors) { Source = text };
        if (YamlFile.Load(text, context) is { } document && SigmaRecognizer.IsSigma(document))
        {
            new SigmaRuleParser(context).Parse(document, readSidecar: false);
        }

        RuleLoadErrors.RequireNamed(errors);
    }
}
