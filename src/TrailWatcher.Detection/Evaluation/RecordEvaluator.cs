using System.Text.Json;
using TrailWatcher.Detection.Accounts;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>
/// The one path from a record to its matches, shared by the service, <c>scan</c> and <c>rules test</c>: the index picks
/// candidate rules from the record's top-level fields, the record is parsed once, each candidate's condition runs, and
/// each match not silenced by a tuning exception gets its alert and its dedup key.
/// </summary>
public sealed class RecordEvaluator
{
    private readonly ExceptionSilencer _silencer = new();

    /// <summary>An evaluator over exactly these rules (enabled or not: the caller chooses).</summary>
    public RecordEvaluator(IEnumerable<Rule> rules)
    {
        Index = new RuleIndex(rules);
    }

    /// <summary>An evaluator over the enabled rules of a set.</summary>
    public static RecordEvaluator ForEnabled(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new RecordEvaluator(rules.Enabled);
    }

    /// <summary>Candidate lookup: the reader stage drops a record no rule can match before parsing it.</summary>
    public RuleIndex Index { get; }

    /// <summary>The accounts rules' <c>account.*</c> fields read; empty by default, so those fields are missing.</summary>
    public AccountDirectory Accounts { get; init; } = AccountDirectory.Empty;

    /// <summary>
    /// Per rule id, the fields to read from a matched record while it is parsed (the correlations' group-by and counted
    /// fields), handed on in <see cref="RuleMatch.Projected"/>; empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, MatchProjection> Projections { get; init; } = new Dictionary<string, MatchProjection>();

    /// <summary>Evaluates one record's JSON against its candidate rules, appending each match to <paramref name="matches"/>.</summary>
    /// <param name="recordJson">The record object's UTF-8 JSON; matches build their alerts from it later, so it must not change.</param>
    /// <param name="candidates">The rules to try, normally <see cref="RuleIndex.Candidates(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.</param>
    /// <param name="source">The file or object the record came from, for the alert and for messages.</param>
    /// <param name="recordIndex">The record's position in its file, for messages.</param>
    /// <param name="detectedAt">When the alerts are raised; also the time tuning exceptions' expiry is checked against.</param>
    /// <param name="matches">Receives the matches.</param>
    public RecordVerdict Evaluate(ReadOnlyMemory<byte> recordJson, ReadOnlySpan<Rule> candidates, string source, long recordIndex, DateTimeOffset detectedAt, ICollection<RuleMatch> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(recordJson);
        }
        catch (JsonException ex)
        {
            // The reader checks structure only; a record with a bad token is found here.
            return new RecordVerdict(new CloudTrailFormatException(source, -1, recordIndex, $"record {recordIndex} is not valid JSON: {ex.Message}", ex), null);
        }

        using (document)
        {
            if (!JsonTextCheck.IsReadable(recordJson.Span))
            {
                return new RecordVerdict(new CloudTrailFormatException(source, -1, recordIndex, $"record {recordIndex} has a string that is not valid UTF-8 text"), null);
            }

            var record = new EventRecord(document.RootElement) { Accounts = Accounts, ListsTopLevel = true };
            List<RuleEvaluationException>? errors = null;
            List<Suppression>? suppressions = null;
            List<ExceptionExpiry>? expiries = null;
            foreach (var rule in candidates)
            {
                try
                {
                    if (!rule.Matches(record))
                    {
                        continue;
                    }

                    // Exceptions run only once the rule matched: untuned rules and records no rule matches pay nothing.
                    if (rule.Exceptions.Count > 0 && Silencer(rule, record, detectedAt, ref errors, ref expiries) is { } exception)
                    {
                        (suppressions ??= []).Add(new Suppression(rule, exception, EventId(record)));
                        continue;
                    }

                    // A rule without dedup raises every match, so its alert is built now, from the parsed record; a
                    // grouped match builds its alert only if its group raises it.
                    var projected = Projections.Count > 0 && Projections.TryGetValue(rule.Id, out var projection) ? projection.Read(record) : null;
                    matches.Add(rule.Dedup is null
                        ? new RuleMatch(rule, AlertFactory.Create(rule, record.Root, recordJson.Span, source, detectedAt), rule.DedupKey(record), recordJson) { Projected = projected }
                        : new RuleMatch(rule, rule.DedupKey(record), EventId(record), RecordText.Text(record, "eventTime"u8), recordJson, source, detectedAt) { Projected = projected });
                }
                catch (RuleEvaluationException ex)
                {
                    (errors ??= []).Add(ex);
                }
            }

            record.ReleaseTopLevel();

            return errors is null && suppressions is null && expiries is null
                ? RecordVerdict.Clean
                : new RecordVerdict(null, errors) { Suppressions = suppressions, ExpiredExceptions = expiries };
        }
    }

    /// <summary>The first unexpired exception of the rule whose condition the record satisfies; null when none does.</summary>
    private ExceptionClause? Silencer(Rule rule, EventRecord record, DateTimeOffset now, ref List<RuleEvaluationException>? errors, ref List<ExceptionExpiry>? expiries)
    {
        List<ExceptionClause>? expired = null;
        var silencer = _silencer.Find(rule.Id, rule.Exceptions, record, now, ref errors, ref expired);
        foreach (var exception in expired ?? [])
        {
            (expiries ??= []).Add(new ExceptionExpiry(rule, exception));
        }

        return silencer;
    }

    private static string? EventId(EventRecord record) => RecordText.Text(record, "eventID"u8);
}
