using YamlDotNet.Core;

namespace TrailWatcher.Detection.Rules.Loading;

internal sealed partial class YamlSubsetReader
{
    // YamlDotNet's positions: line and column from 1, index from 0; `at` must stand on the current line.
    private Mark MarkAt(int at) => new(at, _line, at - _lineStart + 1);

    private int SkipSpaces()
    {
        var from = _pos;
        while (_pos < _text.Length && _text[_pos] == ' ')
        {
            _pos++;
        }

        return _pos - from;
    }

    private bool IsLineEnd(int at) => at >= _text.Length || _text[at] == '\n';

    private bool IsBlankOrEnd(int at) => at >= _text.Length || _text[at] is ' ' or '\n';

    // "- " or a dash ending its line: a block sequence entry.
    private bool IsEntryDash(int at) => at < _text.Length && _text[at] == '-' && IsBlankOrEnd(at + 1);

    private int LineEnd(int from)
    {
        var end = _text.IndexOf('\n', from);
        return end < 0 ? _text.Length : end;
    }

    // Where a plain key starting at `at` has its colon (followed by a space or the line's end); -1 when none starts there.
    private int KeyEnd(int at)
    {
        if (at >= _text.Length || !(char.IsAsciiLetterOrDigit(_text[at]) || _text[at] == '_'))
        {
            return -1;
        }

        var end = at + 1;
        while (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] is '_' or '-' or '.' or '/' or '|' or '$'))
        {
            end++;
        }

        return end < _text.Length && _text[end] == ':' && IsBlankOrEnd(end + 1) ? end : -1;
    }

    // YAML's indicators cannot start a plain scalar; '-', '?' and ':' can when a character other than a space follows.
    private bool CanStartPlain(int at)
    {
        if (at >= _text.Length)
        {
            return false;
        }

        return _text[at] switch
        {
            '-' or '?' or ':' => !IsBlankOrEnd(at + 1),
            '[' or ']' or '{' or '}' or ',' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' or ' ' or '\n' => false,
            _ => true,
        };
    }

    // Past a value: only spaces, then the line's end or a comment.
    private bool AtLineEnd()
    {
        var spaces = SkipSpaces();
        return IsLineEnd(_pos) || (spaces > 0 && _text[_pos] == '#');
    }

    // To the start of the next line; false when this one is the last.
    private bool NextLine()
    {
        var end = _text.IndexOf('\n', _pos);
        if (end < 0)
        {
            return false;
        }

        _pos = end + 1;
        _line++;
        _lineStart = _pos;
        return true;
    }

    private void NextContentLine()
    {
        if (NextLine())
        {
            ContentLineFrom();
        }
        else
        {
            _pos = _text.Length;
            _indent = -1;
        }
    }

    // From the start of the current line, to the first character of the first line holding more than spaces and a comment.
    private void ContentLineFrom()
    {
        while (_pos < _text.Length)
        {
            var first = _pos;
            while (first < _text.Length && _text[first] == ' ')
            {
                first++;
            }

            if (first < _text.Length && _text[first] is not ('\n' or '#'))
            {
                _indent = first - _lineStart;
                _pos = first;
                return;
            }

            if (!NextLine())
            {
                break;
            }
        }

        _pos = _text.Length;
        _indent = -1;
    }
}
