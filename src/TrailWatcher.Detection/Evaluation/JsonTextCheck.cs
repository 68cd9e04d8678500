using System.Text.Unicode;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>Whether every string of a record that JsonDocument accepted can be read as text.</summary>
/// <remarks>
/// JsonDocument checks structure, not the bytes inside strings: a byte that is not UTF-8, or an escaped lone surrogate
/// (<c>\ud800</c>), only fails when a value is read, as an InvalidOperationException from wherever a rule, the dedup
/// key or the alert reads it. Checked once per parsed record instead: UTF-8 validation is vectorised, and escapes
/// are rare enough that the scan for them is one IndexOf in nearly every record.
/// </remarks>
internal static class JsonTextCheck
{
    /// <summary>True when <paramref name="json"/>, already known to be well-formed JSON, has only readable text.</summary>
    public static bool IsReadable(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            return false;
        }

        // Well-formed JSON has backslashes only inside strings, each starting an escape, so the scan can hop from one
        // escape to the next without tracking where strings begin.
        var i = json.IndexOf((byte)'\\');
        while (i >= 0)
        {
            if (json[i + 1] != (byte)'u')
            {
                i += 2;
            }
            else
            {
                var unit = Hex(json.Slice(i + 2, 4));
                i += 6;
                if (char.IsLowSurrogate(unit))
                {
                    return false;
                }

                if (char.IsHighSurrogate(unit))
                {
                    if (i + 6 > json.Length || json[i] != (byte)'\\' || json[i + 1] != (byte)'u' || !char.IsLowSurrogate(Hex(json.Slice(i + 2, 4))))
                    {
                        return false;
                    }

                    i += 6;
                }
            }

            var next = i < json.Length ? json[i..].IndexOf((byte)'\\') : -1;
            i = next < 0 ? -1 : i + next;
        }

        return true;
    }

    private static char Hex(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = (value << 4) | (digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
        }

        return (char)value;
    }
}
