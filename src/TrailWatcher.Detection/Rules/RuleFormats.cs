namespace TrailWatcher.Detection.Rules;

/// <summary>The names of the rule languages a <see cref="Rule"/> can be compiled from.</summary>
public static class RuleFormats
{
    public const string Native = "native";

    public const string Sigma = "sigma";

    /// <summary>A native YAML rule whose condition is an Elastic EQL query (<c>language: eql</c>).</summary>
    public const string Eql = "eql";
}
