using System.Text.RegularExpressions;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>regex</c>: a .NET regular expression with a match timeout, so a hostile value cannot stall a worker.</summary>
internal sealed class RegexCondition(FieldReader field, Regex regex, string ruleId) : TextLeafCondition(field)
{
    // Wall-clock time: 100 ms was tripped by garbage collection and CPU contention on small machines, not by patterns.
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The pattern as written.</summary>
    public string Pattern => regex.ToString();

    /// <summary>Whether the pattern ignores case.</summary>
    public bool IgnoreCase => (regex.Options & RegexOptions.IgnoreCase) != 0;

    protected override bool TestText(ReadOnlySpan<char> text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new RuleEvaluationException(
                ruleId,
                $"regex '{regex}' on {Field.Text} ran past its {MatchTimeout.TotalMilliseconds} ms timeout",
                ex);
        }
    }
}
