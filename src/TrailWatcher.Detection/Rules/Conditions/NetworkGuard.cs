using System.Buffers;
using System.Text;

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
    private readonly CidrCondition _cidr;

    public NetworkGuard(string name, CidrCondition cidr)
    {
        Name = name;
        _key = new GuardNeedle(new GuardText("\"" + name + "\"", IgnoreCase: false));
        _cidr = cidr;
    }

    /// <summary>The top-level field whose value must lie outside the networks.</summary>
    public string Name { get; }

    /// <summary>False only when the key is there and each of its values is an address inside one of the networks.</summary>
    public bool AnyValueOutside(ReadOnlySpan<byte> json)
    {
        var found = false;
        var values = new KeyValues(json, _key);
        while (values.MoveNext())
        {
            // A value that is not a string is not an address inside the networks.
            if (!values.Readable || values.Token is not [(byte)'"', .., (byte)'"'] || !IsInside(values.Token[1..^1]))
            {
                return true;
            }

            found = true;
        }

        // Not there at all: the sibling condition fails, but that is the evaluator's to say.
        return !found;
    }

    // The cidr operator's own reading of the text, for a value no longer than an address and in ASCII.
    private bool IsInside(ReadOnlySpan<byte> text)
    {
        Span<char> chars = stackalloc char[MaxAddressLength];
        return text.Length <= MaxAddressLength
            && Ascii.ToUtf16(text, chars, out var written) == OperationStatus.Done
            && _cidr.IsInside(chars[..written]);
    }

    public override string ToString() => Name + " outside (" + string.Join(" | ", _cidr.Networks) + ")";
}
