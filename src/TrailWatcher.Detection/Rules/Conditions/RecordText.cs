using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>Reads the few fixed places of a CloudTrail record that notions and alerts need, the same way everywhere.</summary>
internal static class RecordText
{
    /// <summary>The scalar at a path of property names: a string's content, a number's or boolean's JSON text; null otherwise.</summary>
    public static string? Text(JsonElement record, params ReadOnlySpan<string> path) =>
        TryWalk(record, path, out var value) ? Scalar(value) : null;

    /// <summary>A top-level scalar of a record being evaluated, read as <see cref="Text(JsonElement, ReadOnlySpan{string})"/> reads it.</summary>
    public static string? Text(EventRecord record, ReadOnlySpan<byte> name) =>
        record.TryGetProperty(name, out var value) ? Scalar(value) : null;

    /// <summary>True for the values <see cref="Text(JsonElement, ReadOnlySpan{string})"/> reads as text: a string, a number, a boolean.</summary>
    public static bool IsScalar(JsonElement value) =>
        value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        _ when IsScalar(value) => value.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// A value as text: a string's content, any other JSON as written, nothing for null. Decoded into
    /// <paramref name="buffer"/> when it fits and holds no escape, so the common short value builds no string.
    /// </summary>
    public static ReadOnlySpan<char> Chars(JsonElement value, Span<char> buffer)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return [];
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (value.ValueKind == JsonValueKind.String)
        {
            raw = raw[1..^1];
            if (raw.Contains((byte)'\\') || raw.Length > buffer.Length)
            {
                return value.GetString();
            }
        }
        else if (raw.Length > buffer.Length)
        {
            return value.GetRawText();
        }

        return buffer[..Encoding.UTF8.GetChars(raw, buffer)];
    }

    /// <summary>True when the path holds something other than null.</summary>
    public static bool HasValue(JsonElement record, params ReadOnlySpan<string> path) =>
        TryWalk(record, path, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    /// <summary>The account the record belongs to: <c>recipientAccountId</c>, else the caller's <c>userIdentity.accountId</c>.</summary>
    public static string? Account(JsonElement record) => Text(record, "recipientAccountId") ?? Text(record, "userIdentity", "accountId");

    /// <summary>An IP address as CloudTrail writes one: dotted IPv4 with four parts, or IPv6; not shorthands such as "10.1".</summary>
    public static bool TryParseAddress(ReadOnlySpan<char> text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address) =>
        IPAddress.TryParse(text, out address)
        && (address.AddressFamily != AddressFamily.InterNetwork || text.Count('.') == 3);

    private static bool TryWalk(JsonElement record, ReadOnlySpan<string> path, out JsonElement value)
    {
        value = record;
        foreach (var name in path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                return false;
            }
        }

        return true;
    }
}
