namespace TrailWatcher.Detection.Rules;

/// <summary>The names of the rule languages a <see cref="Rule"/> can be compiled from.</summary>
public static class RuleFormats
{
    public const string Native = "native";

    public const string Sigma = "sigma";
}
