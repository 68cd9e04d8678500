namespace TrailWatcher.Benchmarks.Latency;

/// <summary>The alerts of one phase sorted against what the files sent in it must raise: first arrival per planted event, and what else came.</summary>
internal sealed class AlertTally
{
    private AlertTally(Dictionary<string, long> firstArrival, int expected, int missing, int unexpected, int duplicates, int otherRules)
    {
        FirstArrival = firstArrival;
        Expected = expected;
        Missing = missing;
        Unexpected = unexpected;
        Duplicates = duplicates;
        OtherRules = otherRules;
    }

    /// <summary>Stopwatch ticks at which each expected event's first alert arrived.</summary>
    public IReadOnlyDictionary<string, long> FirstArrival { get; }

    public int Expected { get; }

    public int Received => FirstArrival.Count;

    public int Missing { get; }

    /// <summary>Alerts of the planted rule for events not planted as matches (a decoy flagged, or a file not sent in this phase).</summary>
    public int Unexpected { get; }

    /// <summary>Second and later alerts for the same expected event: with dedup off, each should come once per notification.</summary>
    public int Duplicates { get; }

    /// <summary>Alerts of other rules of the pack, raised by the background records; delivered, but not used for latency.</summary>
    public int OtherRules { get; }

    public bool Complete => Missing == 0;

    public static AlertTally Of(IEnumerable<TrailFile> files, IEnumerable<ReceivedAlert> alerts, string ruleId)
    {
        var expected = files.SelectMany(f => f.ExpectedEventIds).ToHashSet(StringComparer.Ordinal);
        var first = new Dictionary<string, long>(StringComparer.Ordinal);
        int unexpected = 0, duplicates = 0, other = 0;
        foreach (var alert in alerts)
        {
            if (!string.Equals(alert.RuleId, ruleId, StringComparison.Ordinal))
            {
                other++;
            }
            else if (!expected.Contains(alert.EventId))
            {
                unexpected++;
            }
            else if (first.TryGetValue(alert.EventId, out var seen))
            {
                duplicates++;
                first[alert.EventId] = Math.Min(seen, alert.ArrivedAt);
            }
            else
            {
                first[alert.EventId] = alert.ArrivedAt;
            }
        }

        return new AlertTally(first, expected.Count, expected.Count - first.Count, unexpected, duplicates, other);
    }
}
