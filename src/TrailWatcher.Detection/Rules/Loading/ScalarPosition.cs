using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>Finds where a character of a scalar's value is written in the YAML file, so a problem inside the value (an EQL query's token) is reported on the file's own line and column.</summary>
/// <remarks>
/// The value is walked beside its source text: equal characters advance both, indentation and folded line breaks
/// advance the source alone, a space or line break that folding made advances the value alone, and quoted scalars'
/// escapes (<c>\"</c>, <c>''</c>) are read as the one character they stand for. When the two cannot be aligned
/// (a tab the YAML reader changed, an unusual escape), the caller falls back to the scalar's own position.
/// </remarks>
internal static class ScalarPosition
{
    /// <summary>The file's 1-based line and column of the value's character at (<paramref name="line"/>, <paramref name="column"/>), both 1-based and counted in the value; null when it cannot be found.</summary>
    public static (int Line, int Column)? Locate(string source, YamlScalarNode node, int line, int column)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(node);
        var value = node.Value ?? "";
        if (OffsetIn(value, line, column) is not { } target || StartOf(source, node.Start) is not { } start)
        {
            return null;
        }

        var at = node.Style switch
        {
            // A block scalar's text starts on the line after its header (| or > and their indicators).
            ScalarStyle.Literal or ScalarStyle.Folded => source.IndexOf('\n', start) is var end and >= 0 ? end + 1 : -1,
            ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted => start + 1,
            _ => start,
        };
        return at < 0 || Align(source, at, value, target, node.Style) is not { } found ? null : LineAndColumn(source, found);
    }

    // The offset in the value of a (line, column) pair; the end of the value counts, a column past a line's end does not.
    private static int? OffsetIn(string value, int line, int column)
    {
        var lineStart = 0;
        for (var current = 1; current < line; current++)
        {
            var next = value.IndexOf('\n', lineStart);
            if (next < 0)
            {
                return null;
            }

            lineStart = next + 1;
        }

        var lineEnd = value.IndexOf('\n', lineStart);
        var offset = lineStart + column - 1;
        return column >= 1 && offset <= (lineEnd < 0 ? value.Length : lineEnd) ? offset : null;
    }

    private static int? StartOf(string source, Mark mark)
    {
        var offset = 0;
        for (var line = 1; line < mark.Line; line++)
        {
            offset = source.IndexOf('\n', offset) + 1;
            if (offset == 0)
            {
                return null;
            }
        }

        offset += (int)mark.Column - 1;
        return offset >= 0 && offset <= source.Length ? offset : null;
    }

    private static int? Align(string source, int at, string value, int target, ScalarStyle style)
    {
        var i = 0;
        var j = at;
        while (i < target)
        {
            if (j >= source.Length)
            {
                return null;
            }

            var s = source[j];
            if (style == ScalarStyle.DoubleQuoted && s == '\\' && j + 1 < source.Length)
            {
                // A backslash at a line's end joins the lines and stands for nothing; any other escape is one character.
                var next = source[j + 1];
                if (next is '\n' or '\r')
                {
                    j += 2;
                    continue;
                }

                i++;
                j += next switch { 'x' => 4, 'u' => 6, 'U' => 10, _ => 2 };
            }
            else if (style == ScalarStyle.SingleQuoted && s == '\'' && j + 1 < source.Length && source[j + 1] == '\'')
            {
                i++;
                j += 2;
            }
            else if (value[i] == s)
            {
                i++;
                j++;
            }
            else if (s is ' ' or '\t' or '\r' or '\n')
            {
                j++;
            }
            else if (value[i] is ' ' or '\n')
            {
                i++;
            }
            else
            {
                return null;
            }
        }

        // Land on the character itself, not on the indentation or line break before it.
        if (target < value.Length && value[target] is not (' ' or '\n'))
        {
            while (j < source.Length && source[j] is ' ' or '\t' or '\r' or '\n')
            {
                j++;
            }
        }

        return j <= source.Length ? j : null;
    }

    private static (int Line, int Column) LineAndColumn(string source, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var k = 0; k < offset; k++)
        {
            if (source[k] == '\n')
            {
                line++;
                lineStart = k + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }
}
