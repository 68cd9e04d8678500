namespace TrailWatcher.Rules;

/// <summary>Whether the built-in Sigma rules load (<c>TrailWatcher:Rules:Sigma</c>).</summary>
internal sealed class SigmaRulesOptions
{
    /// <summary>Off by default: the Sigma pack is third-party and untuned for this account's traffic.</summary>
    public bool Enabled { get; set; }
}
