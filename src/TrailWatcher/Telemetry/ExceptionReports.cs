using Microsoft.Extensions.Logging;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Telemetry;

/// <summary>
/// What tuning exceptions did, counted and logged one way for rules and correlations alike: a silenced match is never
/// just dropped, and an exception found past its expiry is logged once.
/// </summary>
internal static partial class ExceptionReports
{
    /// <summary>A match of <paramref name="ruleId"/> (a rule or a correlation) that <paramref name="exception"/> silenced.</summary>
    public static void Silenced(TrailWatcherMetrics metrics, ILogger logger, string ruleId, string? eventId, string source, ExceptionClause exception)
    {
        metrics.ExceptionSuppressed(ruleId, exception.Name);
        LogSuppressed(logger, ruleId, eventId, source, exception.Name, exception.Owner);
    }

    /// <summary>An exception met past its expiry, first on a match of <paramref name="ruleId"/>: it no longer applies.</summary>
    public static void Expired(ILogger logger, string ruleId, ExceptionClause exception) =>
        LogExceptionExpired(logger, exception.File, exception.Line, exception.Name, exception.AppliesTo, exception.Owner, exception.Expires, ruleId);

    /// <summary>An exception that could not decide (the match was raised): counted as the owner's evaluation error.</summary>
    public static void Undecided(TrailWatcherMetrics metrics, ILogger logger, RuleEvaluationException error, string source)
    {
        metrics.EvaluationError(error.RuleId);
        LogUndecided(logger, error, error.RuleId, source);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Match of {RuleId} on event {EventId} in {Source} silenced by exception {Exception} (owner {Owner})")]
    private static partial void LogSuppressed(ILogger logger, string ruleId, string? eventId, string source, string exception, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tuning: {File}:{Line}: exception '{Exception}' for {Rules} (owner {Owner}) expired on {Expires:yyyy-MM-dd} and no longer applies (met first on a match of {RuleId})")]
    private static partial void LogExceptionExpired(ILogger logger, string file, int line, string exception, string rules, string owner, DateOnly? expires, string ruleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A tuning exception of {RuleId} could not decide on a match from {Source}, so the match was raised")]
    private static partial void LogUndecided(ILogger logger, Exception exception, string ruleId, string source);
}
