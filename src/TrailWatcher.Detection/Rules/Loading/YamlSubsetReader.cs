using System.Buffers;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>
/// Reads the block-style YAML that rule, correlation and tuning files are written in into the events YamlDotNet's
/// parser produces for the same text, with the same start positions; anything outside that subset gets null and goes
/// to YamlDotNet.
/// </summary>
/// <remarks>
/// Parsing YAML was most of the cost of loading the built-in pack, and YamlDotNet's scanner allocated about twenty-five
/// bytes for each byte it read. The subset: block mappings with plain keys, block sequences, one-line plain and
/// quoted scalars, flow sequences and mappings of such scalars (which may break lines), literal and folded block
/// scalars, comments. Everything else (anchors, tags, a scalar over several lines, nested flow collections, document
/// markers, tabs, a key written twice) is left to YamlDotNet, so its errors and their positions stay what they were.
/// Tests hold the two readers to the same events over every YAML file in the repository and over random edits of them.
/// </remarks>
internal sealed partial class YamlSubsetReader
{
    private readonly string _text;
    private readonly List<ParsingEvent> _events = [];

    // The reader stands at _pos; _line and _lineStart describe the line holding it. After each node it stands at the
    // first character of the next line with content, whose indentation is _indent (-1 at the end of the text).
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _indent;

    private YamlSubsetReader(string text) => _text = text;

    /// <summary>The parsing events of <paramref name="yaml"/>; null when it uses YAML outside the subset (or is not valid YAML).</summary>
    public static List<ParsingEvent>? TryRead(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var reader = new YamlSubsetReader(yaml);
        return HasOnlyPlainCharacters(yaml) && reader.ReadStream() ? reader._events : null;
    }

    // The ASCII control characters but the line feed.
    private static readonly SearchValues<char> AsciiControls = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000B\u000C\u000D\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    // Tabs, carriage returns, other control characters, the Unicode line separators, byte-order marks and surrogates
    // each have rules of their own in YAML: a text holding one is left to YamlDotNet.
    private static bool HasOnlyPlainCharacters(string yaml)
    {
        // Rule files are nearly always ASCII: then one vectorised pass for a control character decides.
        if (Ascii.IsValid(yaml))
        {
            return !yaml.AsSpan().ContainsAny(AsciiControls);
        }

        foreach (var c in yaml)
        {
            if ((c < ' ' && c != '\n') || c is >= '\u007F' and <= '\u009F' or '\u2028' or '\u2029' or '\uFEFF' or >= '\uD800' and <= '\uDFFF' or >= '\uFFFE')
            {
                return false;
            }
        }

        return true;
    }

    private bool ReadStream()
    {
        var origin = new Mark(0, 1, 1);
        _events.Add(new StreamStart(origin, origin));
        ContentLineFrom();
        if (_indent != 0 || StartsDocumentMarker())
        {
            return false;
        }

        var start = MarkAt(_pos);
        _events.Add(new DocumentStart(null, null, true, start, start));
        if (!ReadBlockNode() || _indent >= 0)
        {
            return false;
        }

        var end = MarkAt(_pos);
        _events.Add(new DocumentEnd(true, end, end));
        _events.Add(new StreamEnd(end, end));
        return true;
    }

    private bool StartsDocumentMarker() =>
        _text[_pos] == '%' || ((_text.AsSpan(_pos).StartsWith("---") || _text.AsSpan(_pos).StartsWith("...")) && IsBlankOrEnd(_pos + 3));

    // A mapping or a sequence starting at _pos, the first content of a line indented by _indent.
    private bool ReadBlockNode()
    {
        if (IsEntryDash(_pos))
        {
            return ReadSequence(_indent, indentless: false);
        }

        return KeyEnd(_pos) >= 0 && ReadMapping(_pos - _lineStart);
    }

    private bool ReadMapping(int indent)
    {
        var start = MarkAt(_pos);
        _events.Add(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block, start, start));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            if (!ReadKey(keys) || !ReadValue(indent, mappingValue: true))
            {
                return false;
            }

            if (_indent < indent)
            {
                break;
            }

            if (_indent > indent || IsEntryDash(_pos))
            {
                return false;
            }
        }

        var end = MarkAt(_pos);
        _events.Add(new MappingEnd(end, end));
        return true;
    }

    private bool ReadSequence(int indent, bool indentless)
    {
        var start = MarkAt(_pos);
        _events.Add(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block, start, start));
        while (true)
        {
            _pos++;
            if (!ReadValue(indent, mappingValue: false))
            {
                return false;
            }

            if (_indent == indent && IsEntryDash(_pos))
            {
                continue;
            }

            if (_indent > indent || (_indent == indent && !indentless))
            {
                return false;
            }

            break;
        }

        var end = MarkAt(_pos);
        _events.Add(new SequenceEnd(end, end));
        return true;
    }

    // The value after a key's colon or an entry's dash, of a node indented by `indent`.
    private bool ReadValue(int indent, bool mappingValue)
    {
        var empty = MarkAt(_pos);
        var spaces = SkipSpaces();
        if (IsLineEnd(_pos) || (spaces > 0 && _text[_pos] == '#'))
        {
            NextContentLine();
            if (_indent > indent)
            {
                return ReadBlockNode();
            }

            if (mappingValue && _indent == indent && IsEntryDash(_pos))
            {
                return ReadSequence(indent, indentless: true);
            }

            // An empty value after spaces or a comment, or an empty sequence entry: YamlDotNet places that null where
            // the next token starts, which is left to it rather than copied.
            if (!mappingValue || spaces > 0)
            {
                return false;
            }

            AddScalar("", ScalarStyle.Plain, empty, empty);
            return true;
        }

        if (!mappingValue && (IsEntryDash(_pos) || KeyEnd(_pos) >= 0))
        {
            // "- - a" nests a sequence on one line; "- key: value" starts a mapping at the key's column.
            return !IsEntryDash(_pos) && ReadMapping(_pos - _lineStart);
        }

        return ReadInline(indent);
    }

    // A plain key at _pos that its mapping has not seen yet: its scalar is added and the reader moves past the colon.
    private bool ReadKey(HashSet<string> keys)
    {
        var colon = KeyEnd(_pos);
        if (colon < 0)
        {
            return false;
        }

        var key = _text[_pos..colon];
        if (!keys.Add(key))
        {
            return false;
        }

        AddScalar(key, ScalarStyle.Plain, MarkAt(_pos), MarkAt(colon), isKey: true);
        _pos = colon + 1;
        return true;
    }

    // YamlDotNet marks a plain scalar as implicitly plain, and a quoted or block one as implicitly quoted.
    private void AddScalar(string value, ScalarStyle style, Mark start, Mark end, bool isKey = false) =>
        _events.Add(new Scalar(AnchorName.Empty, TagName.Empty, value, style, style == ScalarStyle.Plain, style != ScalarStyle.Plain, start, end, isKey));
}
