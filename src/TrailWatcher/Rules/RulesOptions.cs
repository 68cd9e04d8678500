namespace TrailWatcher.Rules;

/// <summary>Rule directories and tuning files loaded beside the built-in pack (<c>TrailWatcher:Rules</c>).</summary>
internal sealed class RulesOptions
{
    public const string Section = "TrailWatcher:Rules";

    public List<string> Directories { get; set; } = [];

    /// <summary>Tuning files applied to the loaded rules, in order: a later entry wins.</summary>
    public List<string> Tuning { get; set; } = [];

    /// <summary>The built-in Sigma rules (<c>rules/sigma</c> beside the binary); off unless enabled.</summary>
    public SigmaRulesOptions Sigma { get; set; } = new();

    /// <summary>The built-in Elastic EQL rules (<c>rules/elastic</c> beside the binary); off unless enabled.</summary>
    public ElasticRulesOptions Elastic { get; set; } = new();
}
