using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Fuzz.Targets;

/// <summary>A log object, plain or gzip, through LogStreams and CloudTrailReader, candidates evaluated as the pipeline does.</summary>
internal sealed class ReaderTarget : IFuzzTarget
{
    private const string Source = "s3://fuzz/AWSLogs/fuzz.json.gz";
    private readonly Lazy<RecordEvaluator> _evaluator = new(() => RecordEvaluator.ForEnabled(BuiltInRules.Rules));

    public string Name => "reader";

    public void Run(ReadOnlySpan<byte> input)
    {
        var evaluator = _evaluator.Value;
        var matches = new List<RuleMatch>();

        // A small first buffer and 7-byte reads make the reader refill and grow mid-token; a small record limit is reachable.
        using var raw = new TrickleStream(input.ToArray(), chunk: 7);
        using var json = new CappedStream(LogStreams.OpenDecompressed(raw), max: 4 * 1024 * 1024);
        using var reader = new CloudTrailReader(json, Source, initialBufferSize: 64, maxRecordBytes: 256 * 1024);
        try
        {
            while (reader.Read())
            {
                ref readonly var record = ref reader.Current;
                var candidates = evaluator.Index.Candidates(record.EventSource.Span, record.EventName.Span);
                if (candidates.Length == 0 || evaluator.Index.Admit(candidates, record.Json.Span, record.Traits, record.Identity) is not { } admitted)
                {
                    continue;
                }

                var verdict = evaluator.Evaluate(record.Json.ToArray(), admitted, Source, record.Index, DateTimeOffset.UnixEpoch, matches);
                if (verdict.FormatError is { } fault && fault.Source != Source)
                {
                    throw new UnexpectedRejectionException($"a record fault does not name the object: {fault.Message}", fault);
                }

                matches.Clear();
            }
        }
        catch (CloudTrailFormatException ex) when (ex.Source == Source)
        {
            // Rejected as documented: a corrupt, truncated or foreign log, named.
        }
    }
}
