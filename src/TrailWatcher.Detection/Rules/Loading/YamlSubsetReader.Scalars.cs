using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TrailWatcher.Detection.Rules.Loading;

internal sealed partial class YamlSubsetReader
{
    // A value starting on the key's or the dash's own line: a scalar or a flow collection, then at most a comment.
    private bool ReadInline(int indent)
    {
        if (_text[_pos] is '|' or '>')
        {
            return ReadBlockScalar(indent);
        }

        var read = _text[_pos] switch
        {
            '"' => ReadDoubleQuoted(),
            '\'' => ReadSingleQuoted(),
            '[' => ReadFlowSequence(indent),
            '{' => ReadFlowMapping(indent),
            _ => ReadPlain(),
        };
        if (!read || !AtLineEnd())
        {
            return false;
        }

        NextContentLine();
        return _indent <= indent;
    }

    private bool ReadPlain()
    {
        if (!CanStartPlain(_pos))
        {
            return false;
        }

        var lineEnd = LineEnd(_pos);
        var end = lineEnd;
        var comment = _text.IndexOf(" #", _pos, lineEnd - _pos, StringComparison.Ordinal);
        if (comment >= 0)
        {
            end = comment;
        }

        while (_text[end - 1] == ' ')
        {
            end--;
        }

        var value = _text[_pos..end];
        if (value.EndsWith(':') || value.Contains(": ", StringComparison.Ordinal))
        {
            return false;
        }

        AddScalar(value, ScalarStyle.Plain, MarkAt(_pos), MarkAt(end));
        _pos = end;
        return true;
    }

    private bool ReadDoubleQuoted()
    {
        var start = _pos;
        StringBuilder? value = null;
        var run = start + 1;
        for (var i = run; i < _text.Length && _text[i] != '\n'; i++)
        {
            if (_text[i] == '"')
            {
                var text = value is null ? _text[run..i] : value.Append(_text, run, i - run).ToString();
                AddScalar(text, ScalarStyle.DoubleQuoted, MarkAt(start), MarkAt(i + 1));
                _pos = i + 1;
                return true;
            }

            if (_text[i] != '\\')
            {
                continue;
            }

            value ??= new StringBuilder();
            value.Append(_text, run, i - run);
            if (Unescaped(i + 1, out var length) is not { } unescaped)
            {
                return false;
            }

            value.Append(unescaped);
            i += length;
            run = i + 1;
        }

        return false;
    }

    // The character a backslash escape at `at` (just past the backslash) stands for, and how many characters it takes.
    private char? Unescaped(int at, out int length)
    {
        length = 1;
        if (at >= _text.Length)
        {
            return null;
        }

        var hexDigits = _text[at] switch { 'x' => 2, 'u' => 4, _ => 0 };
        if (hexDigits > 0)
        {
            length += hexDigits;
            return at + hexDigits < _text.Length
                && ushort.TryParse(_text.AsSpan(at + 1, hexDigits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                && !char.IsSurrogate((char)code) && code >= ' ' && code is not (>= 0x7F and <= 0x9F)
                ? (char)code
                : null;
        }

        return _text[at] switch
        {
            '\\' => '\\',
            '"' => '"',
            '/' => '/',
            'n' => '\n',
            't' => '\t',
            _ => null,
        };
    }

    private bool ReadSingleQuoted()
    {
        var start = _pos;
        StringBuilder? value = null;
        var run = start + 1;
        for (var i = run; i < _text.Length && _text[i] != '\n'; i++)
        {
            if (_text[i] != '\'')
            {
                continue;
            }

            if (i + 1 < _text.Length && _text[i + 1] == '\'')
            {
                (value ??= new StringBuilder()).Append(_text, run, i + 1 - run);
                run = ++i + 1;
                continue;
            }

            var text = value is null ? _text[run..i] : value.Append(_text, run, i - run).ToString();
            AddScalar(text, ScalarStyle.SingleQuoted, MarkAt(start), MarkAt(i + 1));
            _pos = i + 1;
            return true;
        }

        return false;
    }

    // [a, "b", 'c'], its entries one-line scalars; it may break lines between them, indented past the node's own indentation.
    private bool ReadFlowSequence(int indent)
    {
        var start = MarkAt(_pos);
        _events.Add(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Flow, start, start));
        if (!ReadFlowEntries(indent, null))
        {
            return false;
        }

        var end = MarkAt(_pos);
        _events.Add(new SequenceEnd(end, end));
        _pos++;
        return true;
    }

    // {key: value, key: value}: plain keys and scalar values, with line breaks allowed as in a flow sequence.
    private bool ReadFlowMapping(int indent)
    {
        var start = MarkAt(_pos);
        _events.Add(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Flow, start, start));
        if (!ReadFlowEntries(indent, new HashSet<string>(StringComparer.Ordinal)))
        {
            return false;
        }

        var end = MarkAt(_pos);
        _events.Add(new MappingEnd(end, end));
        _pos++;
        return true;
    }

    // From the opening bracket to the closing one (left at _pos), entries separated by commas: scalars, or with
    // `keys` (a mapping's, to refuse a repeated one) key-value pairs.
    private bool ReadFlowEntries(int indent, HashSet<string>? keys)
    {
        var close = keys is null ? ']' : '}';
        _pos++;
        if (!SkipFlowSpace(indent))
        {
            return false;
        }

        if (_text[_pos] == close)
        {
            return true;
        }

        while (true)
        {
            if (!(keys is null ? ReadFlowScalar() : ReadFlowPair(indent, keys)) || !SkipFlowSpace(indent) || (_text[_pos] != close && _text[_pos] != ','))
            {
                return false;
            }

            if (_text[_pos] == close)
            {
                return true;
            }

            _pos++;
            if (!SkipFlowSpace(indent))
            {
                return false;
            }
        }
    }

    private bool ReadFlowPair(int indent, HashSet<string> keys)
    {
        // Inside a flow mapping a space must follow the key's colon.
        return ReadKey(keys) && _pos < _text.Length && _text[_pos] == ' ' && SkipFlowSpace(indent) && ReadFlowScalar();
    }

    private bool ReadFlowScalar() => _text[_pos] switch
    {
        '"' => ReadDoubleQuoted(),
        '\'' => ReadSingleQuoted(),
        _ => ReadFlowPlain(),
    };

    // Spaces and line breaks inside a flow collection, up to its next character; false at the end of the text, at a
    // comment or at a line not indented past the node's own indentation.
    private bool SkipFlowSpace(int indent)
    {
        SkipSpaces();
        while (IsLineEnd(_pos))
        {
            if (!NextLine() || SkipSpaces() <= indent)
            {
                return false;
            }
        }

        return _text[_pos] != '#';
    }

    private bool ReadFlowPlain()
    {
        if (!CanStartPlain(_pos))
        {
            return false;
        }

        var end = _pos;
        while (end < _text.Length && _text[end] is not (',' or ']' or '}' or '\n'))
        {
            // A colon inside a flow scalar (an IPv6 prefix) stays text unless a space or a flow indicator follows it.
            if (_text[end] is '[' or '{' or '#' or '?' or '"' or '\''
                || (_text[end] == ':' && (IsBlankOrEnd(end + 1) || _text[end + 1] is ',' or '[' or ']' or '{' or '}' or '?')))
            {
                return false;
            }

            end++;
        }

        while (_text[end - 1] == ' ')
        {
            end--;
        }

        AddScalar(_text[_pos..end], ScalarStyle.Plain, MarkAt(_pos), MarkAt(end));
        _pos = end;
        return true;
    }

    // | or > with an optional - or +, then lines indented past the node's own indentation.
    private bool ReadBlockScalar(int indent)
    {
        var start = MarkAt(_pos);
        var folded = _text[_pos] == '>';
        _pos++;
        var chomping = _pos < _text.Length ? _text[_pos] : ' ';
        if (chomping is '-' or '+')
        {
            _pos++;
        }

        if ((_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) || !AtLineEnd() || !NextLine())
        {
            return false;
        }

        var value = new StringBuilder();
        var blockIndent = -1;
        var emptyLines = 0;
        var anyText = false;
        while (_pos < _text.Length)
        {
            var spaces = 0;
            while (_pos + spaces < _text.Length && _text[_pos + spaces] == ' ')
            {
                spaces++;
            }

            var lineEnd = LineEnd(_pos);
            if (_pos + spaces == lineEnd)
            {
                // An empty line: before the first text, or holding spaces that would be text, its meaning is subtler.
                if (blockIndent < 0 || spaces > blockIndent || !NextLine())
                {
                    return false;
                }

                emptyLines++;
                continue;
            }

            if (blockIndent < 0)
            {
                if (spaces <= indent)
                {
                    return false;
                }

                blockIndent = spaces;
            }

            if (spaces < blockIndent)
            {
                break;
            }

            if (folded && spaces > blockIndent)
            {
                return false;
            }

            if (anyText)
            {
                // Folding joins two lines with a space, or with the empty lines between them as line breaks.
                value.Append(folded && emptyLines == 0 ? ' ' : '\n', folded ? Math.Max(emptyLines, 1) : emptyLines + 1);
            }

            value.Append(_text, _pos + blockIndent, lineEnd - _pos - blockIndent);
            anyText = true;
            emptyLines = 0;
            if (!NextLine())
            {
                return false;
            }
        }

        if (blockIndent < 0)
        {
            return false;
        }

        var text = chomping switch
        {
            '-' => value.ToString(),
            '+' => value.Append('\n', emptyLines + 1).ToString(),
            _ => value.Append('\n').ToString(),
        };
        AddScalar(text, folded ? ScalarStyle.Folded : ScalarStyle.Literal, start, MarkAt(_pos));
        ContentLineFrom();
        return _indent <= indent;
    }
}
