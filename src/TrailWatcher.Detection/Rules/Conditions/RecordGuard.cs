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
    private const int SeparateSearches = 4;

    private readonly Needle[][] _clauses;
    private readonly TextSet?[] _sets;
    private readonly bool[] _ignoresCase;

    internal RecordGuard(IEnumerable<IEnumerable<GuardText>> clauses, RecordTraits requiredTraits)
    {
        // A case-insensitive text is compared as ASCII; a clause with other text is left out, which only admits more.
        Clauses = [.. clauses
            .Select(c => c.OrderBy(t => t.Text, StringComparer.Ordinal).ToList())
            .Where(c => c.All(t => !t.IgnoreCase || Ascii.IsValid(t.Text)))
            .Select(c => (IReadOnlyList<GuardText>)c)];
        _clauses = [.. Clauses.Select(c => c.Count > SeparateSearches ? [] : c.Select(t => new Needle(t)).ToArray())];
        _sets = [.. Clauses.Select(c => c.Count > SeparateSearches ? new TextSet(c) : null)];
        _ignoresCase = [.. Clauses.Select(c => c.Any(t => t.IgnoreCase))];
        RequiredTraits = requiredTraits;
    }

    /// <summary>The clauses: the record must contain one text of each.</summary>
    public IReadOnlyList<IReadOnlyList<GuardText>> Clauses { get; }

    /// <summary>Traits of which the record must have at least one (<see cref="RecordTraits.None"/>: no such need).</summary>
    public RecordTraits RequiredTraits { get; }

    /// <summary>True when the record may match: it has an escape, or it has a required trait and every clause finds one of its texts.</summary>
    public bool Admits(ReadOnlySpan<byte> recordJson, RecordTraits traits)
    {
        if ((traits & RecordTraits.Escaped) != 0)
        {
            return true;
        }

        if (RequiredTraits != RecordTraits.None && (traits & RequiredTraits) == 0)
        {
            return false;
        }

        for (var i = 0; i < _clauses.Length; i++)
        {
            if (!(_sets[i]?.AnyIn(recordJson) ?? AnyFound(recordJson, _clauses[i]))
                && !(_ignoresCase[i] && !Ascii.IsValid(recordJson)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnyFound(ReadOnlySpan<byte> recordJson, Needle[] alternatives)
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
        var parts = Clauses.Select(c => "(" + string.Join(" | ", c) + ")").ToList();
        if (RequiredTraits != RecordTraits.None)
        {
            parts.Insert(0, $"[{RequiredTraits}]");
        }

        return string.Join(" & ", parts);
    }

    /// <summary>One text in its searchable form.</summary>
    private sealed class Needle
    {
        // Letters from most to least common in CloudTrail text: the search anchors on the rarest one.
        private const string Commonness = "eatsorinclmdpuhgyvbfwkxjqz";

        private readonly byte[] _bytes;
        private readonly bool _ignoreCase;
        private readonly int _anchor;
        private readonly byte _lower;
        private readonly byte _upper;

        public Needle(GuardText text)
        {
            _ignoreCase = text.IgnoreCase;
            _bytes = Encoding.UTF8.GetBytes(_ignoreCase ? text.Text.ToLowerInvariant() : text.Text);
            if (_ignoreCase)
            {
                _anchor = Enumerable.Range(0, _bytes.Length).MaxBy(i => Rarity((char)_bytes[i]));
                _lower = _bytes[_anchor];
                _upper = (byte)char.ToUpperInvariant((char)_lower);
            }
        }

        public bool IsIn(ReadOnlySpan<byte> json)
        {
            if (!_ignoreCase)
            {
                return json.IndexOf(_bytes) >= 0;
            }

            // Every place the anchor letter stands (in either case) is a candidate start, checked ignoring case.
            var from = _anchor;
            while (from < json.Length)
            {
                var hit = json[from..].IndexOfAny(_lower, _upper);
                if (hit < 0)
                {
                    return false;
                }

                var start = from + hit - _anchor;
                if (start + _bytes.Length <= json.Length && Ascii.EqualsIgnoreCase(json.Slice(start, _bytes.Length), _bytes))
                {
                    return true;
                }

                from += hit + 1;
            }

            return false;
        }

        private static int Rarity(char c)
        {
            var position = Commonness.IndexOf(c, StringComparison.Ordinal);
            return position < 0 ? (char.IsAsciiLetter(c) ? 0 : -1) : position;
        }
    }
}
