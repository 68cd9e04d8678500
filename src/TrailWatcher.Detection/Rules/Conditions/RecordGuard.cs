using System.Buffers;
using System.Text;
using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>
/// What a record must show for a condition to match, checked before the record is parsed: the second dimension of the
/// rule index, for what eventName and eventSource cannot say. The record must have one of <see cref="RequiredTraits"/>
/// (when any), and for every clause contain one of its texts.
/// </summary>
/// <remarks>
/// Sound only for JSON without escapes: a record with a backslash may spell any key or value differently, so it is
/// always admitted. Case is ignored for ASCII letters only; a record holding other characters (some fold to an ASCII
/// letter when a pattern ignores case, such as the Kelvin sign to k) passes every clause that ignores case.
/// </remarks>
public sealed class RecordGuard
{
    // Up to this many alternatives a clause searches each text in turn; more are found in one pass over the record.
    internal const int SeparateSearches = 4;

    private readonly GuardNeedle[][] _clauses;
    private readonly TextSet?[] _sets;
    private readonly bool[] _ignoresCase;
    private readonly GuardNeedle?[] _scopeKeys;
    private readonly bool[] _inIdentity;

    internal RecordGuard(IEnumerable<IEnumerable<GuardText>> clauses, RecordTraits requiredTraits)
    {
        // A case-insensitive text is compared as ASCII; a clause with other text is left out, which only admits more.
        // List.Sort rather than LINQ's OrderBy: every rule builds a guard at start, and the shipped build compiles LINQ's
        // sorting over this struct at run time.
        var kept = new List<IReadOnlyList<GuardText>>();
        foreach (var clause in clauses)
        {
            var texts = new List<GuardText>(clause);
            if (texts.TrueForAll(t => !t.IgnoreCase || Ascii.IsValid(t.Text)))
            {
                texts.Sort(static (a, b) => string.CompareOrdinal(a.Text, b.Text));
                kept.Add(texts);
            }
        }

        Clauses = kept;
        _clauses = [.. Clauses.Select(c => c.Count > SeparateSearches ? [] : c.Select(t => new GuardNeedle(t)).ToArray())];
        _sets = [.. Clauses.Select(c => c.Count > SeparateSearches ? new TextSet(c) : null)];
        _ignoresCase = [.. Clauses.Select(c => c.Any(t => t.IgnoreCase))];
        _scopeKeys = [.. Clauses.Select(c => Scope(c) is { } key ? new GuardNeedle(new GuardText("\"" + key + "\"", IgnoreCase: false)) : null)];
        _inIdentity = [.. Clauses.Select(InIdentity)];
        RequiredTraits = requiredTraits;
    }

    // A clause searches only the values of one key when all its texts come from fields of that name; texts from
    // several fields search the whole record.
    private static string? Scope(IReadOnlyList<GuardText> clause) =>
        clause.Count > 0 && clause[0].Scope is { } scope && clause.All(t => t.Scope == scope) ? scope : null;

    // A clause whose texts all come from fields below userIdentity can only be found in that value.
    private static bool InIdentity(IReadOnlyList<GuardText> clause) => clause.Count > 0 && clause.All(t => t.InIdentity);

    /// <summary>The clauses: the record must contain one text of each.</summary>
    public IReadOnlyList<IReadOnlyList<GuardText>> Clauses { get; }

    /// <summary>Traits of which the record must have at least one (<see cref="RecordTraits.None"/>: no such need).</summary>
    public RecordTraits RequiredTraits { get; }

    /// <summary>A top-level field whose value must lie outside some networks; null when the rule has no such need.</summary>
    internal NetworkGuard? Network { get; init; }

    /// <summary>True when the record may match: it has an escape, or it has a required trait and every clause finds one of its texts.</summary>
    public bool Admits(ReadOnlySpan<byte> recordJson, RecordTraits traits) => Admits(recordJson, traits, default);

    /// <summary>As <see cref="Admits(ReadOnlySpan{byte}, RecordTraits)"/>; a clause on fields below userIdentity searches only <paramref name="identity"/> (<see cref="RawRecord.Identity"/>) when it is known.</summary>
    public bool Admits(ReadOnlySpan<byte> recordJson, RecordTraits traits, Range identity)
    {
        if ((traits & RecordTraits.Escaped) != 0)
        {
            return true;
        }

        if (RequiredTraits != RecordTraits.None && (traits & RequiredTraits) == 0)
        {
            return false;
        }

        // Who acted is a few hundred bytes of a record several times that size: a clause about it searches only there.
        var identityJson = recordJson[identity];
        for (var i = 0; i < _clauses.Length; i++)
        {
            var text = _inIdentity[i] && !identityJson.IsEmpty ? identityJson : recordJson;
            var found = _scopeKeys[i] is { } key ? AnyValueHolds(text, key, i) : Holds(text, i);
            if (!found && !(_ignoresCase[i] && !Ascii.IsValid(recordJson)))
            {
                return false;
            }
        }

        return Network is null || Network.AnyValueOutside(recordJson);
    }

    private bool Holds(ReadOnlySpan<byte> text, int clause) => _sets[clause]?.AnyIn(text) ?? AnyFound(text, _clauses[clause]);

    // Searches the value of every occurrence of the key; a value not read as one token admits the record.
    private bool AnyValueHolds(ReadOnlySpan<byte> json, GuardNeedle key, int clause)
    {
        var values = new KeyValues(json, key);
        while (values.MoveNext())
        {
            if (!values.Readable || Holds(values.Token, clause))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyFound(ReadOnlySpan<byte> recordJson, GuardNeedle[] alternatives)
    {
        foreach (var alternative in alternatives)
        {
            if (alternative.IsIn(recordJson))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString()
    {
        var parts = Clauses.Select(c => (InIdentity(c) ? "userIdentity/" : "") + Scope(c) + (Scope(c) is null ? "" : ":") + "(" + string.Join(" | ", c) + ")").ToList();
        if (RequiredTraits != RecordTraits.None)
        {
            parts.Insert(0, $"[{RequiredTraits}]");
        }

        if (Network is not null)
        {
            parts.Add(Network.ToString());
        }

        return string.Join(" & ", parts);
    }
}
