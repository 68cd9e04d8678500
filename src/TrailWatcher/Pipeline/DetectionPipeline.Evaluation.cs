using TrailWatcher.Detection.Evaluation;

namespace TrailWatcher.Pipeline;

/// <summary>The evaluation stage: each candidate record goes through the library's <see cref="RecordEvaluator"/>.</summary>
internal sealed partial class DetectionPipeline
{
    private async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        await foreach (var batch in _records.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            List<RuleMatch> alerts;
            try
            {
                alerts = Evaluate(batch);
            }
            finally
            {
                _candidateBytes.Return(batch.Bytes);
            }
            if (alerts.Count > 0)
            {
                batch.Work.Retain();
                await _alerts.Writer.WriteAsync(new AlertBatch(batch.Work, alerts), cancellationToken).ConfigureAwait(false);
            }

            batch.Work.Release();
        }
    }

    private List<RuleMatch> Evaluate(RecordBatch batch)
    {
        var matches = new List<RuleMatch>();
        var source = batch.Work.Object.Name;
        // One clock read per batch: a batch is evaluated within milliseconds, and each read is a system call on some hosts.
        var now = _time.GetUtcNow();
        _metrics.RecordsParsed(batch.Records.Count);
        foreach (var candidate in batch.Records)
        {
            if (candidate.OversizedBytes > 0)
            {
                matches.Add(OversizedRecordSignal.Match(source, candidate.Index, candidate.ByteOffset, candidate.OversizedBytes, _options.MaxRecordBytes, now));
                continue;
            }

            var verdict = _evaluator.Evaluate(candidate.Json, candidate.Rules, source, candidate.Index, now, matches);
            if (verdict.FormatError is { } formatError)
            {
                batch.Work.Fail(formatError);
                LogObjectFailed(_logger, source, formatError.Message);
            }

            NoteExceptions(verdict, source);

            foreach (var error in verdict.RuleErrors ?? [])
            {
                batch.Work.AddEvaluationError();
                _metrics.EvaluationError(error.RuleId);
                LogEvaluationFailed(_logger, error, error.RuleId, source, candidate.Index);
            }
        }

        return matches;
    }
}
