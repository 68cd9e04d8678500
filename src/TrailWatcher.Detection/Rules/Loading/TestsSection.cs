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
/// place and parsed as usual.
/// </remarks>
internal static class TestsSection
{
    /// <summary>The text with its tests block blanked, or the text itself when it has no such block.</summary>
    public static string Blank(string yaml)
    {
        var start = FindKeyLine(yaml);
        if (start < 0)
        {
            return yaml;
        }

        var end = yaml.IndexOf('\n', start);
        while (end >= 0 && end + 1 < yaml.Length && InsideBlock(yaml, end + 1))
        {
            end = yaml.IndexOf('\n', end + 1);
        }

        var blockEnd = end < 0 ? yaml.Length : end;
        var lines = yaml.AsSpan(start, blockEnd - start).Count('\n');
        return string.Concat(yaml.AsSpan(0, start), new string('\n', lines), yaml.AsSpan(blockEnd));
    }

    // The offset of a line reading "tests:" (maybe followed by blanks or a comment) at column 0; -1 when none. Found by
    // searching the text for the key, not by walking lines: every rule file passes here at every start.
    private static int FindKeyLine(string yaml)
    {
        for (var from = 0; from < yaml.Length;)
        {
            var at = yaml.IndexOf("tests:", from, StringComparison.Ordinal);
            if (at < 0)
            {
                return -1;
            }

            if (at == 0 || yaml[at - 1] == '\n')
            {
                var end = yaml.IndexOf('\n', at);
                var rest = yaml.AsSpan(at + 6, (end < 0 ? yaml.Length : end) - at - 6).TrimEnd('\r').TrimStart(' ');
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
    private static bool InsideBlock(string yaml, int lineStart)
    {
        var c = yaml[lineStart];
        if (c is ' ' or '\t' or '\n' or '\r' or '#')
        {
            return true;
        }

        // "- " or a lone "-" opens a sequence entry; "---" and "..." end the document.
        if (c == '-')
        {
            var after = lineStart + 1 < yaml.Length ? yaml[lineStart + 1] : '\n';
            return after is ' ' or '\t' or '\n' or '\r';
        }

        return false;
    }
}
