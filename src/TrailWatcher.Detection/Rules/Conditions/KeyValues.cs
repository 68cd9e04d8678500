using System.Buffers;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>The value of every occurrence of a key, at any depth, in a record's JSON without backslashes, read as text.</summary>
/// <remarks>
/// In a record without backslashes (guards admit those before reading) a quote cannot stand inside a string, so each
/// "key" followed by a colon is a real key and its string value ends at the next quote. A value not read as one token
/// (an object, an array, a cut-off record) is reported as not <see cref="Readable"/>, and the guard must admit.
/// </remarks>
internal ref struct KeyValues(ReadOnlySpan<byte> json, GuardNeedle key)
{
    // Where a number or literal value ends.
    private static readonly SearchValues<byte> ScalarEnds = SearchValues.Create(",}] \t\r\n"u8);

    private readonly ReadOnlySpan<byte> _json = json;
    private int _from;

    /// <summary>The current value's token: a string with its quotes, or a number or literal as written.</summary>
    public ReadOnlySpan<byte> Token { get; private set; }

    /// <summary>False when the current value is not one token; <see cref="Token"/> is then empty.</summary>
    public bool Readable { get; private set; }

    /// <summary>Moves to the next occurrence of the key as a key; false when there is none.</summary>
    public bool MoveNext()
    {
        var json = _json;
        while (_from < json.Length)
        {
            var at = key.IndexIn(json[_from..]);
            if (at < 0)
            {
                _from = json.Length;
                return false;
            }

            var colon = SkipWhitespace(json, _from + at + key.Length);
            _from += at + 1;
            if (colon >= json.Length || json[colon] != ':')
            {
                // The name as a value ("key": "key"), not as a key.
                continue;
            }

            var start = SkipWhitespace(json, colon + 1);
            if (start >= json.Length || json[start] is (byte)'{' or (byte)'[')
            {
                return Unreadable();
            }

            var length = json[start] == '"'
                ? json[(start + 1)..].IndexOf((byte)'"') + 2
                : json[start..].IndexOfAny(ScalarEnds);
            if (length < 2 && json[start] == '"')
            {
                return Unreadable();
            }

            Token = length < 0 ? json[start..] : json.Slice(start, length);
            Readable = true;
            return true;
        }

        return false;
    }

    private bool Unreadable()
    {
        Token = [];
        Readable = false;
        return true;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int at)
    {
        while (at < json.Length && json[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            at++;
        }

        return at;
    }
}
