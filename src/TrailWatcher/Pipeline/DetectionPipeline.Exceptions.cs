using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Pipeline;

// What tuning exceptions did to the matches of a batch: each silenced match is counted and logged, never just dropped.
internal sealed partial class DetectionPipeline
{
    private void NoteExceptions(RecordVerdict verdict, string source)
    {
        foreach (var suppressed in verdict.Suppressions ?? [])
        {
            ExceptionReports.Silenced(_metrics, _logger, suppressed.Rule.Id, suppressed.EventId, source, suppressed.Exception);
        }

        foreach (var expired in verdict.ExpiredExceptions ?? [])
        {
            ExceptionReports.Expired(_logger, expired.Rule.Id, expired.Exception);
        }
    }
}
