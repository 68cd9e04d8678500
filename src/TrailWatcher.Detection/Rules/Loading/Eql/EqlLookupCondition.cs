using System.Text.RegularExpressions;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary><c>in</c>, <c>:</c>, <c>like</c> or <c>regex</c> over an expression that is not a plain field (a function's result, say).</summary>
/// <remarks>
/// True when any value matches any operand; <c>not in</c> is true when the expression has a value and none is in the list.
/// Patterns and regular expressions see a value's text.
/// </remarks>
internal sealed class EqlLookupCondition : Condition
{
    private readonly EqlExpression _left;
    private readonly EqlScalar[] _values;
    private readonly WildcardPattern[] _patterns;
    private readonly Regex[] _regexes;
    private readonly bool _ignoreCase;
    private readonly bool _negated;
    private readonly string _ruleId;

    public EqlLookupCondition(EqlExpression left, EqlScalar[] values, WildcardPattern[] patterns, Regex[] regexes, bool ignoreCase, bool negated, string ruleId)
    {
        _left = left;
        _values = values;
        _patterns = patterns;
        _regexes = regexes;
        _ignoreCase = ignoreCase;
        _negated = negated;
        _ruleId = ruleId;
    }

    public override bool Matches(EventRecord record)
    {
        var values = _left.Evaluate(record);
        if (values.Count == 0)
        {
            return false;
        }

        var any = values.Any(Test);
        return _negated ? !any : any;
    }

    internal override void CollectFields(List<FieldReader> fields) => _left.CollectFields(fields);

    private bool Test(EqlScalar value)
    {
        if (_values.Any(v => EqlCompare.AreEqual(value, v, _ignoreCase)))
        {
            return true;
        }

        var text = value.Text;
        if (_patterns.Any(p => p.IsMatch(text)))
        {
            return true;
        }

        try
        {
            return _regexes.Any(r => r.IsMatch(text));
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new RuleEvaluationException(_ruleId, $"a regex ran past its {RegexCondition.MatchTimeout.TotalMilliseconds} ms timeout", ex);
        }
    }
}
