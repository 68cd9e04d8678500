using System.Text;

namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>The texts one Sigma value stands for once <c>windash</c>, <c>base64</c> and <c>base64offset</c> are applied.</summary>
internal static class SigmaValueVariants
{
    // Every dash multiplies the variants by five; a value this rich is refused rather than compiled into thousands of leaves.
    private const int MaxVariants = 625;

    private static readonly char[] Dashes = ['-', '/', '\u2013', '\u2014', '\u2015'];

    /// <summary>The variants, any of which matches; null with <paramref name="error"/> when there would be too many.</summary>
    public static List<string>? Expand(string value, SigmaModifiers modifiers, out string? error)
    {
        error = null;
        List<string> values = [value];
        if (modifiers.WindowsDash)
        {
            var dashes = value.Count(c => c == '-');
            if (Math.Pow(Dashes.Length, dashes) > MaxVariants)
            {
                error = $"'windash' on a value with {dashes} dashes gives more than {MaxVariants} variants";
                return null;
            }

            values = WithDashes(value);
        }

        if (modifiers.Base64 == 1)
        {
            values = [.. values.Select(v => Convert.ToBase64String(Bytes(v, modifiers.Encoding)))];
        }
        else if (modifiers.Base64 == 2)
        {
            values = [.. values.SelectMany(v => Offsets(Bytes(v, modifiers.Encoding))).Distinct(StringComparer.Ordinal)];
        }

        return values;
    }

    private static List<string> WithDashes(string value)
    {
        List<StringBuilder> built = [new StringBuilder()];
        foreach (var c in value)
        {
            if (c != '-')
            {
                built.ForEach(b => b.Append(c));
                continue;
            }

            built = [.. built.SelectMany(b => Dashes.Select(d => new StringBuilder(b.ToString()).Append(d)))];
        }

        return [.. built.Select(b => b.ToString())];
    }

    private static byte[] Bytes(string value, SigmaEncoding encoding) => encoding switch
    {
        SigmaEncoding.Utf16LittleEndian => Encoding.Unicode.GetBytes(value),
        SigmaEncoding.Utf16BigEndian => Encoding.BigEndianUnicode.GetBytes(value),
        SigmaEncoding.Utf16WithBom => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(value)],
        _ => Encoding.UTF8.GetBytes(value),
    };

    // The value may start at any of the three byte positions of a base64 group; each shift encodes differently. The
    // characters that also depend on the unknown neighbouring bytes are cut from both ends.
    private static IEnumerable<string> Offsets(byte[] bytes)
    {
        int[] leading = [0, 2, 3];
        int[] trailing = [0, 3, 2];
        for (var shift = 0; shift < 3; shift++)
        {
            var padded = new byte[shift + bytes.Length];
            bytes.CopyTo(padded, shift);
            var encoded = Convert.ToBase64String(padded);
            var end = encoded.Length - trailing[(bytes.Length + shift) % 3];
            if (end > leading[shift])
            {
                yield return encoded[leading[shift]..end];
            }
        }
    }
}
