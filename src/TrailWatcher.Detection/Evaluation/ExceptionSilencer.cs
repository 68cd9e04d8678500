using System.Collections.Concurrent;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>Finds the tuning exception that silences a match, for rules and correlations alike; each expired exception is reported once.</summary>
internal sealed class ExceptionSilencer
{
    // Exceptions already reported as expired, so the caller warns once per exception, not once per match.
    private readonly ConcurrentDictionary<ExceptionClause, byte> _expiryReported = new();

    /// <summary>The first unexpired exception whose condition the record satisfies; null when none does.</summary>
    /// <param name="ownerId">The rule or correlation the exceptions belong to, for errors.</param>
    /// <param name="exceptions">Its exceptions, in the order they were attached.</param>
    /// <param name="record">What the exceptions' conditions are evaluated on.</param>
    /// <param name="now">The time expiry is checked against.</param>
    /// <param name="errors">Receives an exception that could not decide.</param>
    /// <param name="expired">Receives an exception found past its expiry for the first time.</param>
    public ExceptionClause? Find(
        string ownerId,
        IReadOnlyList<ExceptionClause> exceptions,
        EventRecord record,
        DateTimeOffset now,
        ref List<RuleEvaluationException>? errors,
        ref List<ExceptionClause>? expired)
    {
        foreach (var exception in exceptions)
        {
            if (!exception.AppliesAt(now))
            {
                if (_expiryReported.TryAdd(exception, 0))
                {
                    (expired ??= []).Add(exception);
                }

                continue;
            }

            try
            {
                if (exception.Condition.Matches(record))
                {
                    return exception;
                }
            }
            catch (RuleEvaluationException ex)
            {
                // An exception that cannot decide silences nothing: an extra alert is better than a lost one.
                (errors ??= []).Add(new RuleEvaluationException(ownerId, $"exception '{exception.Name}' could not decide, so the match is raised: {ex.Message}", ex));
            }
        }

        return null;
    }
}
