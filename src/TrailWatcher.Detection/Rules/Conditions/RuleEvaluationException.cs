namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A rule could not decide on a record (for example a regex that ran past its timeout).</summary>
public sealed class RuleEvaluationException(string ruleId, string message, Exception? inner = null)
    : Exception($"rule {ruleId}: {message}", inner)
{
    public string RuleId { get; } = ruleId;
}
