namespace TrailWatcher.Rules;

/// <summary>Rule directories loaded beside the built-in pack (<c>TrailWatcher:Rules</c>).</summary>
internal sealed class RulesOptions
{
    public const string Section = "TrailWatcher:Rules";

    public List<string> Directories { get; set; } = [];
}
