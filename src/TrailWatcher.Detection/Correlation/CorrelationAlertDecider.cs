using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Correlation;

/// <summary>
/// Turns decided correlation matches into alerts with tuning applied: a correlation turned off raises nothing, severity
/// and signal are as tuned, and a match whose group an unexpired exception matches is silenced and reported.
/// </summary>
/// <remarks>Not thread-safe beyond what its caller (one delivery loop) needs.</remarks>
public sealed class CorrelationAlertDecider(CorrelationTuningSet tuning)
{
    private readonly ExceptionSilencer _silencer = new();

    /// <summary>The alert of one match, or why there is none.</summary>
    /// <param name="match">The decided match.</param>
    /// <param name="source">Where its events were read, for the alert.</param>
    /// <param name="detectedAt">When it is raised; also the time exceptions' expiry is checked against.</param>
    public CorrelationAlertDecision Decide(CorrelationMatch match, string source, DateTimeOffset detectedAt)
    {
        ArgumentNullException.ThrowIfNull(match);
        var tuned = tuning.For(match.Correlation);
        if (!tuned.Enabled)
        {
            return new CorrelationAlertDecision(null);
        }

        List<RuleEvaluationException>? errors = null;
        List<ExceptionClause>? expired = null;
        ExceptionClause? silencedBy = null;
        if (tuned.Exceptions.Count > 0)
        {
            using var group = CorrelationGroupRecord.Parse(match);
            silencedBy = _silencer.Find(match.Correlation.Id, tuned.Exceptions, new EventRecord(group.RootElement), detectedAt, ref errors, ref expired);
        }

        return new CorrelationAlertDecision(silencedBy is null ? CorrelationAlertFactory.Create(match, source, detectedAt, tuned) : null)
        {
            SilencedBy = silencedBy,
            ExpiredExceptions = expired ?? [],
            Errors = errors ?? [],
        };
    }
}
