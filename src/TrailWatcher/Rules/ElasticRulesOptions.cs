namespace TrailWatcher.Rules;

/// <summary>Whether the built-in Elastic EQL rules load (<c>TrailWatcher:Rules:Elastic</c>).</summary>
internal sealed class ElasticRulesOptions
{
    /// <summary>Off by default, like the Sigma pack: these are other people's detections, kept as written, and overlap the native pack.</summary>
    public bool Enabled { get; set; }
}
