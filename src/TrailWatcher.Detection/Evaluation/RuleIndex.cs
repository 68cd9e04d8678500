using System.Collections.Concurrent;
using System.Numerics;
using System.Text;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>Maps a record's (eventSource, eventName) to the rules that could match it, so most records are dropped after one hash lookup.</summary>
/// <remarks>
/// Keys are compared ignoring case even for case-sensitive rules: offering a rule too often only costs an evaluation,
/// whereas not offering it would lose a match. Keys come from <c>equals</c>/<c>one_of</c> on the top-level string fields
/// <c>eventName</c> and <c>eventSource</c>, which CloudTrail always writes as strings. Candidate arrays are built up
/// front and shared; callers must not keep them past the index's life or modify them.
/// </remarks>
public sealed class RuleIndex
{
    // Distinct event names whose own candidate table is kept; CloudTrail has a few thousand, and a log that invents
    // more (hostile or broken) only loses the per-name narrowing for the rest, never a candidate.
    private const int MaxNameTables = 8192;

    private readonly ConcurrentDictionary<string, SourceTable> _byExactName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SourceTable>.AlternateLookup<ReadOnlySpan<char>> _byExactNameLookup;
    private readonly bool _hasNameTests;
    private readonly Dictionary<string, SourceTable> _byName;
    private readonly Dictionary<string, SourceTable>.AlternateLookup<ReadOnlySpan<char>> _byNameLookup;
    private readonly SourceTable _otherNames;
    private readonly CandidateCache _cache = new();

    public RuleIndex(IEnumerable<Rule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = [.. rules];
        var indexed = Rules;

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in indexed)
        {
            if (rule.EventNames is not null)
            {
                names.UnionWith(rule.EventNames);
            }
        }

        // Each name's rules, in the order given: one pass over the rules rather than one per name, as a pack names
        // hundreds of events. A rule naming an event twice in different case stands in its list once.
        var lists = new Dictionary<string, List<Rule>>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            lists[name] = [];
        }

        foreach (var rule in indexed)
        {
            foreach (var list in rule.EventNames is null ? lists.Values : rule.EventNames.Select(n => lists[n]))
            {
                if (list.Count == 0 || !ReferenceEquals(list[^1], rule))
                {
                    list.Add(rule);
                }
            }
        }

        _byName = new Dictionary<string, SourceTable>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, list) in lists)
        {
            _byName[name] = new SourceTable(list);
        }

        _byNameLookup = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
        var wildcards = indexed.Where(r => r.EventNames is null).ToList();
        _otherNames = new SourceTable(wildcards);
        HasWildcardRules = wildcards.Count > 0;
        HasGuards = Rules.Any(r => r.Guard is not null);
        _hasNameTests = Rules.Any(r => r.NameTest is not null);
        _byExactNameLookup = _byExactName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The indexed rules, in the order given.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>True when some rule has no eventName constraint and so is a candidate for every record.</summary>
    public bool HasWildcardRules { get; }

    /// <summary>The rules that may match a record with these (unescaped UTF-8) top-level values; empty spans when absent. Allocates only for a pair not seen before.</summary>
    public ReadOnlySpan<Rule> Candidates(ReadOnlySpan<byte> eventSourceUtf8, ReadOnlySpan<byte> eventNameUtf8)
    {
        if (_cache.TryGet(eventSourceUtf8, eventNameUtf8, out var cached))
        {
            return cached;
        }

        var candidates = Lookup(eventSourceUtf8, eventNameUtf8);
        _cache.Add(eventSourceUtf8, eventNameUtf8, candidates);
        return candidates;
    }

    private Rule[] Lookup(ReadOnlySpan<byte> eventSourceUtf8, ReadOnlySpan<byte> eventNameUtf8)
    {
        if (_hasNameTests && !eventNameUtf8.IsEmpty && eventNameUtf8.Length <= Utf8KeyLookup.StackLimit)
        {
            Span<char> name = stackalloc char[eventNameUtf8.Length];
            name = name[..Encoding.UTF8.GetChars(eventNameUtf8, name)];
            if (_byExactNameLookup.TryGetValue(name, out var exact) || TryAddNameTable(name, out exact))
            {
                return exact.Get(eventSourceUtf8);
            }
        }

        var table = Utf8KeyLookup.TryGetValue(_byNameLookup, eventNameUtf8, out var byName) ? byName : _otherNames;
        return table.Get(eventSourceUtf8);
    }

    // The candidates for one exact eventName: those the name keys on, less those whose name test the name fails.
    private bool TryAddNameTable(ReadOnlySpan<char> name, out SourceTable table)
    {
        if (_byExactName.Count >= MaxNameTables)
        {
            table = null!;
            return false;
        }

        var text = name.ToString();
        var keyed = _byName.TryGetValue(text, out var byName) ? byName.Rules : _otherNames.Rules;
        table = _byExactName.GetOrAdd(text, new SourceTable([.. keyed.Where(r => r.NameTest is null || r.NameTest.Admits(text))]));
        return true;
    }

    /// <summary>True when some rule has a <see cref="Rule.Guard"/>, so candidates are also checked against the record's text.</summary>
    public bool HasGuards { get; }

    /// <summary>
    /// The candidates whose guard admits the record (the index's second dimension), as a new array; null when none does.
    /// </summary>
    /// <param name="candidates">The first dimension's candidates for the record.</param>
    /// <param name="recordJson">The record's JSON.</param>
    /// <param name="traits">What the reader noticed about the record; it may only over-report.</param>
    /// <param name="identity">Where the record's userIdentity value stands in <paramref name="recordJson"/> (<see cref="RawRecord.Identity"/>); empty when not known.</param>
    public Rule[]? Admit(ReadOnlySpan<Rule> candidates, ReadOnlySpan<byte> recordJson, RecordTraits traits, Range identity = default)
    {
        if (candidates.IsEmpty)
        {
            return null;
        }

        if (!HasGuards)
        {
            return candidates.ToArray();
        }

        if (candidates.Length <= 64)
        {
            return AdmitFew(candidates, recordJson, traits, identity);
        }

        Span<bool> admitted = new bool[candidates.Length];
        var count = 0;
        for (var i = 0; i < candidates.Length; i++)
        {
            var guard = candidates[i].Guard;
            admitted[i] = guard is null || guard.Admits(recordJson, traits, identity);
            count += admitted[i] ? 1 : 0;
        }

        if (count == candidates.Length)
        {
            return candidates.ToArray();
        }

        if (count == 0)
        {
            return null;
        }

        var result = new Rule[count];
        for (int i = 0, j = 0; i < candidates.Length; i++)
        {
            if (admitted[i])
            {
                result[j++] = candidates[i];
            }
        }

        return result;
    }

    // Nearly every record is rejected by every candidate's guard (the rules without an eventName see them all), so the
    // verdicts go into one word and the common outcome, none, costs no buffer and no copy.
    private static Rule[]? AdmitFew(ReadOnlySpan<Rule> candidates, ReadOnlySpan<byte> recordJson, RecordTraits traits, Range identity)
    {
        ulong admitted = 0;
        for (var i = 0; i < candidates.Length; i++)
        {
            if (candidates[i].Guard is not { } guard || guard.Admits(recordJson, traits, identity))
            {
                admitted |= 1UL << i;
            }
        }

        if (admitted == 0)
        {
            return null;
        }

        var count = BitOperations.PopCount(admitted);
        if (count == candidates.Length)
        {
            return candidates.ToArray();
        }

        var result = new Rule[count];
        for (var j = 0; admitted != 0; admitted &= admitted - 1)
        {
            result[j++] = candidates[BitOperations.TrailingZeroCount(admitted)];
        }

        return result;
    }

    /// <summary>Convenience overload for callers that already hold strings (tests, tools); allocates.</summary>
    public ReadOnlySpan<Rule> Candidates(string? eventSource, string? eventName) =>
        Candidates(Encoding.UTF8.GetBytes(eventSource ?? ""), Encoding.UTF8.GetBytes(eventName ?? ""));
}
