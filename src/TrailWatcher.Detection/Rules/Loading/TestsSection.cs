using System.Buffers;
using System.Text;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>
/// Blanks a rule file's top-level <c>tests:</c> block before parsing, for commands that only evaluate: the test events
/// are most of a rule file's text, and parsing YAML is most of the cost of starting up.
/// </summary>
/// <remarks>
/// The block is every line after <c>tests:</c> up to the next line that starts at column 0 and is neither blank, a
/// comment nor a sequence entry: YAML requires everything else inside a top-level key's value (nested keys, flow
/// collections, block scalars, continued scalars) to be indented. Blanked lines stay as empty lines, so the positions
/// of later errors do not move. A <c>tests</c> key written any other way (quoted, with an inline value) is left in
/// place and parsed as usual. The block is found in the file's UTF-8 bytes, so its text is never decoded: every byte
/// the search looks for is ASCII, which UTF-8 never uses inside a longer character.
/// </remarks>
internal static class TestsSection
{
    /// <summary>The text with its tests block blanked, or the text itself when it has no such block.</summary>
    public static string Blank(string yaml)
    {
        var utf8 = Encoding.UTF8.GetBytes(yaml);
        return Find(utf8) is { } block ? Blank(utf8, block) : yaml;
    }

    /// <summary>The UTF-8 text decoded, with its tests block blanked.</summary>
    public static string Blank(ReadOnlySpan<byte> utf8) =>
        Find(utf8) is { } block ? Blank(utf8, block) : Encoding.UTF8.GetString(utf8);

    // Decodes what stands before and after the block, and one empty line for each of the block's lines.
    private static string Blank(ReadOnlySpan<byte> utf8, (int Start, int End) block)
    {
        var head = utf8[..block.Start];
        var tail = utf8[block.End..];
        var lines = utf8[block.Start..block.End].Count((byte)'\n');
        var length = Encoding.UTF8.GetCharCount(head) + lines + Encoding.UTF8.GetCharCount(tail);
        var buffer = ArrayPool<char>.Shared.Rent(length);
        try
        {
            var chars = buffer.AsSpan(0, length);
            var at = Encoding.UTF8.GetChars(head, chars);
            chars.Slice(at, lines).Fill('\n');
            Encoding.UTF8.GetChars(tail, chars[(at + lines)..]);
            return new string(chars);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    // The block's start and end offsets; null when the text has none.
    private static (int Start, int End)? Find(ReadOnlySpan<byte> yaml)
    {
        var start = FindKeyLine(yaml);
        if (start < 0)
        {
            return null;
        }

        var end = NextLineEnd(yaml, start);
        while (end >= 0 && end + 1 < yaml.Length && InsideBlock(yaml, end + 1))
        {
            end = NextLineEnd(yaml, end + 1);
        }

        return (start, end < 0 ? yaml.Length : end);
    }

    private static int NextLineEnd(ReadOnlySpan<byte> yaml, int from)
    {
        var at = yaml[from..].IndexOf((byte)'\n');
        return at < 0 ? -1 : from + at;
    }

    // The offset of a line reading "tests:" (maybe followed by blanks or a comment) at column 0; -1 when none. Found by
    // searching the text for the key, not by walking lines: every rule file passes here at every start.
    private static int FindKeyLine(ReadOnlySpan<byte> yaml)
    {
        for (var from = 0; from < yaml.Length;)
        {
            var found = yaml[from..].IndexOf("tests:"u8);
            if (found < 0)
            {
                return -1;
            }

            var at = from + found;
            if (at == 0 || yaml[at - 1] == '\n')
            {
                var end = NextLineEnd(yaml, at);
                var rest = yaml[(at + 6)..(end < 0 ? yaml.Length : end)].TrimEnd((byte)'\r').TrimStart((byte)' ');
                if (rest.IsEmpty || rest[0] == '#')
                {
                    return at;
                }
            }

            from = at + 1;
        }

        return -1;
    }

    // Whether the line starting at this offset still belongs to the block.
    private static bool InsideBlock(ReadOnlySpan<byte> yaml, int lineStart)
    {
        var c = yaml[lineStart];
        if (c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'#')
        {
            return true;
        }

        // "- " or a lone "-" opens a sequence entry; "---" and "..." end the document.
        if (c == '-')
        {
            var after = lineStart + 1 < yaml.Length ? yaml[lineStart + 1] : (byte)'\n';
            return after is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
        }

        return false;
    }
}
