using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Detection.Rules;

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
                if (candidates.Length == 0)
                {
                    continue;
                }

                var admitted = evaluator.Index.Admit(candidates, record.Json.Span, record.Traits, record.Identity);
                CheckTurnedAway(evaluator, candidates, admitted, record, matches);
                if (admitted is null)
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

    // A guard may only turn away a record its rule cannot match: the rules it turned away are evaluated on the parsed
    // record anyway, and none may match.
    private static void CheckTurnedAway(RecordEvaluator evaluator, ReadOnlySpan<Rule> candidates, Rule[]? admitted, in RawRecord record, List<RuleMatch> matches)
    {
        var turnedAway = admitted is null ? candidates.ToArray() : [.. candidates.ToArray().Except(admitted)];
        if (turnedAway.Length == 0)
        {
            return;
        }

        evaluator.Evaluate(record.Json.ToArray(), turnedAway, Source, record.Index, DateTimeOffset.UnixEpoch, matches);
        if (matches.Count > 0)
        {
            throw new InvalidOperationException($"the guard of {matches[0].Rule.Id} turned away record {record.Index}, which the rule matches");
        }
    }
}
