using System.Net;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>
/// A guard's check that a top-level field the rule requires holds an address outside some networks: a record whose
/// every value of a key of that name is an address inside them cannot match, and is not parsed.
/// </summary>
/// <remarks>
/// Derived only where a sibling condition requires the field to be there (<c>is: real_source_ip</c>, <c>exists: true</c>),
/// so the top-level value is one of the values searched. Run, like every guard, only on records without a backslash:
/// each quote then bounds a string, so a key's string value ends at the next quote.
/// </remarks>
internal sealed class NetworkGuard
{
    // Longer than any address CloudTrail writes (an IPv6 address is at most 45 characters): such a value is not one.
    private const int MaxAddressLength = 64;

    private readonly GuardNeedle _key;
    private readonly IPNetwork[] _networks;

    public NetworkGuard(string name, IPNetwork[] networks)
    {
        Name = name;
        _key = new GuardNeedle(new GuardText("\"" + name + "\"", IgnoreCase: false));
        _networks = networks;
    }

    /// <summary>The top-level field whose value must lie outside the networks.</summary>
    public string Name { get; }

    /// <summary>False only when the key is there and each of its values is an address inside one of the networks.</summary>
    public bool AnyValueOutside(ReadOnlySpan<byte> json)
    {
        var found = false;
        for (var from = 0; from < json.Length;)
        {
            var at = _key.IndexIn(json[from..]);
            if (at < 0)
            {
                // Not there at all: the sibling condition fails, but that is the evaluator's to say.
                return !found;
            }

            var colon = RecordGuard.SkipWhitespace(json, from + at + _key.Length);
            from += at + 1;
            if (colon >= json.Length || json[colon] != ':')
            {
                // The name as a value ("key": "sourceIPAddress"), not as a key.
                continue;
            }

            var start = RecordGuard.SkipWhitespace(json, colon + 1);
            if (start >= json.Length || json[start] != '"')
            {
                // Not a string, so not an address inside the networks.
                return true;
            }

            var length = json[(start + 1)..].IndexOf((byte)'"');
            if (length < 0 || !IsInside(json.Slice(start + 1, length)))
            {
                return true;
            }

            found = true;
        }

        return !found;
    }

    // The same reading as the cidr operator's: the text must parse as an address (dotted quads in full) inside a network.
    private bool IsInside(ReadOnlySpan<byte> text)
    {
        if (text.Length > MaxAddressLength)
        {
            return false;
        }

        Span<char> chars = stackalloc char[MaxAddressLength];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] >= 0x80)
            {
                return false;
            }

            chars[i] = (char)text[i];
        }

        if (!RecordText.TryParseAddress(chars[..text.Length], out var address))
        {
            return false;
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => Name + " outside (" + string.Join(" | ", _networks) + ")";
}
