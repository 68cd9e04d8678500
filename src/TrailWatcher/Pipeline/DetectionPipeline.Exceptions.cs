using Microsoft.Extensions.Logging;
using TrailWatcher.Detection.Evaluation;

namespace TrailWatcher.Pipeline;

// What tuning exceptions did to the matches of a batch: each silenced match is counted and logged, never just dropped.
internal sealed partial class DetectionPipeline
{
    private void NoteExceptions(RecordVerdict verdict, string source)
    {
        foreach (var suppressed in verdict.Suppressions ?? [])
        {
            _metrics.ExceptionSuppressed(suppressed.Rule.Id, suppressed.Exception.Name);
            LogSuppressed(_logger, suppressed.Rule.Id, suppressed.EventId, source, suppressed.Exception.Name, suppressed.Exception.Owner);
        }

        foreach (var expired in verdict.ExpiredExceptions ?? [])
        {
            var exception = expired.Exception;
            LogExceptionExpired(_logger, exception.File, exception.Line, exception.Name, exception.AppliesTo, exception.Owner, exception.Expires, expired.Rule.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Match of {RuleId} on event {EventId} in {Source} silenced by exception {Exception} (owner {Owner})")]
    private static partial void LogSuppressed(ILogger logger, string ruleId, string? eventId, string source, string exception, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tuning: {File}:{Line}: exception '{Exception}' for {Rules} (owner {Owner}) expired on {Expires:yyyy-MM-dd} and no longer applies (met first on a match of {RuleId})")]
    private static partial void LogExceptionExpired(ILogger logger, string file, int line, string exception, string rules, string owner, DateOnly? expires, string ruleId);
}
