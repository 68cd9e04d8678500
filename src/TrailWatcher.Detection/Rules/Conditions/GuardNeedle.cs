using System.Text;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>One guard text in its searchable form: found exactly, or ignoring ASCII case by its rarest letter.</summary>
internal sealed class GuardNeedle
{
    // Letters from most to least common in CloudTrail text, counted ignoring case over the real records of
    // tests/data/corpus: the search anchors on the rarest one. English order misleads here: every "event..." key
    // holds a 'v', so an anchor on it stopped a dozen times in every record.
    private const string Commonness = "eatsrnicodmuplvfbwhgyqzkxj";

    private readonly byte[] _bytes;
    private readonly bool _ignoreCase;
    private readonly int _anchor;
    private readonly int _coreStart;
    private readonly int _coreLength;
    private readonly byte _lower;
    private readonly byte _upper;

    public GuardNeedle(GuardText text)
    {
        _ignoreCase = text.IgnoreCase;
        _bytes = Encoding.UTF8.GetBytes(_ignoreCase ? text.Text.ToLowerInvariant() : text.Text);
        if (_ignoreCase)
        {
            _anchor = Enumerable.Range(0, _bytes.Length).MaxBy(i => Rarity((char)_bytes[i]));
            _lower = _bytes[_anchor];
            _upper = (byte)char.ToUpperInvariant((char)_lower);
        }
        else
        {
            // A quoted token ("Root") is searched by its inside: the vectorised search keys on a needle's first and
            // last bytes, and quotes stand everywhere in JSON, so a needle framed by them was checked at nearly
            // every other byte. The quotes are then checked at each place the inside is found.
            _coreStart = _bytes.Length > 3 && _bytes[0] == '"' ? 1 : 0;
            _coreLength = _bytes.Length - _coreStart - (_bytes.Length - _coreStart > 2 && _bytes[^1] == '"' ? 1 : 0);
        }
    }

    /// <summary>The length of the text in bytes.</summary>
    public int Length => _bytes.Length;

    public bool IsIn(ReadOnlySpan<byte> json) => IndexIn(json) >= 0;

    /// <summary>Where the text first starts in <paramref name="json"/>; -1 when it is not there.</summary>
    public int IndexIn(ReadOnlySpan<byte> json)
    {
        if (!_ignoreCase)
        {
            return _coreLength == _bytes.Length ? json.IndexOf(_bytes) : FramedIndexIn(json);
        }

        // Every place the anchor letter stands (in either case) is a candidate start, checked ignoring case.
        for (var from = _anchor; from < json.Length;)
        {
            var hit = json[from..].IndexOfAny(_lower, _upper);
            if (hit < 0)
            {
                return -1;
            }

            var start = from + hit - _anchor;
            if (start + _bytes.Length <= json.Length && Ascii.EqualsIgnoreCase(json.Slice(start, _bytes.Length), _bytes))
            {
                return start;
            }

            from += hit + 1;
        }

        return -1;
    }

    private int FramedIndexIn(ReadOnlySpan<byte> json)
    {
        var core = _bytes.AsSpan(_coreStart, _coreLength);
        for (var from = _coreStart; from < json.Length;)
        {
            var hit = json[from..].IndexOf(core);
            if (hit < 0)
            {
                return -1;
            }

            var start = from + hit - _coreStart;
            if (start + _bytes.Length <= json.Length && json.Slice(start, _bytes.Length).SequenceEqual(_bytes))
            {
                return start;
            }

            from += hit + 1;
        }

        return -1;
    }

    private static int Rarity(char c)
    {
        var position = Commonness.IndexOf(c, StringComparison.Ordinal);
        return position < 0 ? (char.IsAsciiLetter(c) ? 0 : -1) : position;
    }
}
