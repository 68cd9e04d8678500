using System.Globalization;
using System.Text;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>Splits an EQL query into tokens, tracking each token's line and column for error messages.</summary>
internal sealed class EqlLexer
{
    private static readonly string[] Symbols = ["==", "!=", "<=", ">=", "<", ">", ":", "(", ")", ",", "~", "+", "-", "*", "/", "%", "|", "[", "]"];

    private readonly string _text;
    private readonly List<EqlToken> _tokens = [];
    private int _offset;
    private int _line = 1;
    private int _lineStart;

    private EqlLexer(string text) => _text = text;

    /// <exception cref="EqlParseException">A character or literal that EQL does not allow.</exception>
    public static IReadOnlyList<EqlToken> Tokenize(string text)
    {
        var lexer = new EqlLexer(text);
        lexer.Run();
        return lexer._tokens;
    }

    /// <summary>True when the text's first word, after spaces and comments, is the keyword (any case); never throws.</summary>
    public static bool StartsWithKeyword(string text, string keyword)
    {
        var lexer = new EqlLexer(text);
        try
        {
            lexer.SkipSpaceAndComments();
        }
        catch (EqlParseException)
        {
            return false;
        }

        var start = lexer._offset;
        var end = start;
        while (end < text.Length && IsNamePart(text[end]))
        {
            end++;
        }

        return string.Equals(text[start..end], keyword, StringComparison.OrdinalIgnoreCase);
    }

    private int Column => _offset - _lineStart + 1;

    private void Run()
    {
        while (true)
        {
            SkipSpaceAndComments();
            if (_offset >= _text.Length)
            {
                _tokens.Add(new EqlToken(EqlTokenKind.End, "", "", _line, Column, _offset));
                return;
            }

            var c = _text[_offset];
            if (c == '"')
            {
                ReadString();
            }
            else if (c == '`')
            {
                ReadQuotedIdentifier();
            }
            else if (char.IsAsciiDigit(c))
            {
                ReadNumber();
            }
            else if (IsNameStart(c))
            {
                var start = _offset;
                while (_offset < _text.Length && IsNamePart(_text[_offset]))
                {
                    _offset++;
                }

                Add(EqlTokenKind.Identifier, _text[start.._offset], start);
            }
            else
            {
                ReadSymbol(c);
            }
        }
    }

    private void ReadSymbol(char c)
    {
        var start = _offset;
        if (c == '\'')
        {
            throw Error(start, "'", "strings in single quotes are not supported: use double quotes");
        }

        if (c == '=' && !At("==") && _tokens.Count > 0 && (_tokens[^1].IsKeyword("maxspan") || _tokens[^1].IsKeyword("runs")))
        {
            // with maxspan=15m (and with runs=N, refused by the parser): the only places EQL writes a single '='.
            _offset++;
            Add(EqlTokenKind.Symbol, "=", start);
            return;
        }

        if (c == '!' && _offset + 1 < _text.Length && _text[_offset + 1] == '[')
        {
            throw Error(start, "![", "missing events (![ ... ]) in sequences are not supported");
        }

        if (c == '=' && !At("=="))
        {
            throw Error(start, "=", "'=' is not an EQL operator: use '==' (case-sensitive) or ':' (case-insensitive)");
        }

        foreach (var symbol in Symbols)
        {
            if (At(symbol))
            {
                _offset += symbol.Length;
                Add(EqlTokenKind.Symbol, symbol, start);
                return;
            }
        }

        throw Error(start, c.ToString(), $"unexpected character '{c}'");
    }

    private void ReadNumber()
    {
        var start = _offset;
        if (_tokens.Count > 0 && _tokens[^1].Is("="))
        {
            // After maxspan=: a time value, digits and a unit (15m, 500ms); the parser checks the unit.
            SkipDigits();
            while (_offset < _text.Length && IsNamePart(_text[_offset]))
            {
                _offset++;
            }

            Add(EqlTokenKind.Duration, _text[start.._offset], start);
            return;
        }

        var kind = EqlTokenKind.Integer;
        SkipDigits();
        if (_offset + 1 < _text.Length && _text[_offset] == '.' && char.IsAsciiDigit(_text[_offset + 1]))
        {
            kind = EqlTokenKind.Decimal;
            _offset++;
            SkipDigits();
        }

        if (_offset < _text.Length && _text[_offset] is 'e' or 'E')
        {
            var mark = _offset++;
            if (_offset < _text.Length && _text[_offset] is '+' or '-')
            {
                _offset++;
            }

            if (_offset < _text.Length && char.IsAsciiDigit(_text[_offset]))
            {
                kind = EqlTokenKind.Decimal;
                SkipDigits();
            }
            else
            {
                _offset = mark;
            }
        }

        if (_offset < _text.Length && IsNamePart(_text[_offset]))
        {
            // 6myfield is a field name only in backticks; reading it as 6 then myfield would mislead.
            while (_offset < _text.Length && IsNamePart(_text[_offset]))
            {
                _offset++;
            }

            throw Error(start, _text[start.._offset], "a name cannot start with a digit: enclose it in backticks");
        }

        var text = _text[start.._offset];
        if (kind == EqlTokenKind.Integer && !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw Error(start, text, "integer out of range");
        }

        Add(kind, text, start);
    }

    private void SkipDigits()
    {
        while (_offset < _text.Length && char.IsAsciiDigit(_text[_offset]))
        {
            _offset++;
        }
    }

    private void ReadQuotedIdentifier()
    {
        var start = _offset++;
        var name = new StringBuilder();
        while (true)
        {
            if (_offset >= _text.Length || _text[_offset] is '\n' or '\r')
            {
                throw Error(start, _text[start.._offset], "a field name in backticks is not closed");
            }

            if (_text[_offset] == '`')
            {
                // A doubled backtick is a literal one.
                if (At("``"))
                {
                    name.Append('`');
                    _offset += 2;
                    continue;
                }

                _offset++;
                break;
            }

            name.Append(_text[_offset++]);
        }

        if (name.Length == 0)
        {
            throw Error(start, "``", "empty field name");
        }

        _tokens.Add(new EqlToken(EqlTokenKind.QuotedIdentifier, name.ToString(), _text[start.._offset], _line, start - _lineStart + 1, start));
    }

    private void ReadString()
    {
        var start = _offset;
        var (line, column) = (_line, Column);
        if (At("\"\"\""))
        {
            // A raw string: backslashes are literal, and it ends at the first three quotes.
            var end = _text.IndexOf("\"\"\"", _offset + 3, StringComparison.Ordinal);
            if (end < 0)
            {
                throw Error(start, "\"\"\"", "a raw string (\"\"\") is not closed");
            }

            var content = _text[(_offset + 3)..end];
            Advance(end + 3);
            _tokens.Add(new EqlToken(EqlTokenKind.String, content, _text[start.._offset], line, column, start));
            return;
        }

        var value = new StringBuilder();
        _offset++;
        while (true)
        {
            if (_offset >= _text.Length || _text[_offset] is '\n' or '\r')
            {
                throw Error(start, _text[start.._offset], "a string is not closed on its line");
            }

            var c = _text[_offset];
            if (c == '"')
            {
                _offset++;
                break;
            }

            if (c != '\\')
            {
                value.Append(c);
                _offset++;
                continue;
            }

            ReadEscape(value);
        }

        _tokens.Add(new EqlToken(EqlTokenKind.String, value.ToString(), _text[start.._offset], line, column, start));
    }

    private void ReadEscape(StringBuilder value)
    {
        var start = _offset;
        if (_offset + 1 >= _text.Length)
        {
            throw Error(start, "\\", "a string ends in a lone backslash");
        }

        var next = _text[_offset + 1];
        _offset += 2;
        switch (next)
        {
            case 'n': value.Append('\n'); return;
            case 'r': value.Append('\r'); return;
            case 't': value.Append('\t'); return;
            case '\\': value.Append('\\'); return;
            case '"': value.Append('"'); return;
            case 'u' when _offset < _text.Length && _text[_offset] == '{':
                var close = _text.IndexOf('}', _offset);
                var hex = close < 0 ? "" : _text[(_offset + 1)..close];
                if (hex.Length is < 2 or > 8 || !hex.All(char.IsAsciiHexDigit)
                    || !int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                    || code is < 0 or > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
                {
                    throw Error(start, close < 0 ? "\\u{" : _text[start..(close + 1)], "invalid unicode escape (expected \\u{XX} to \\u{XXXXXXXX}: 2 to 8 hex digits of a code point)");
                }

                value.Append(char.ConvertFromUtf32(code));
                _offset = close + 1;
                return;
            default:
                throw Error(start, _text[start.._offset], $"unknown escape '\\{next}' (use \\n, \\r, \\t, \\\\, \\\" or \\u{{...}}, or a raw \"\"\"string\"\"\")");
        }
    }

    private void SkipSpaceAndComments()
    {
        while (_offset < _text.Length)
        {
            var c = _text[_offset];
            if (c == '\n')
            {
                _offset++;
                _line++;
                _lineStart = _offset;
            }
            else if (char.IsWhiteSpace(c))
            {
                _offset++;
            }
            else if (At("//"))
            {
                while (_offset < _text.Length && _text[_offset] != '\n')
                {
                    _offset++;
                }
            }
            else if (At("/*"))
            {
                var end = _text.IndexOf("*/", _offset + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Error(_offset, "/*", "a comment is not closed");
                }

                Advance(end + 2);
            }
            else
            {
                return;
            }
        }
    }

    // Moves to an offset, counting the lines crossed (raw strings and comments may span lines).
    private void Advance(int to)
    {
        for (; _offset < to; _offset++)
        {
            if (_text[_offset] == '\n')
            {
                _line++;
                _lineStart = _offset + 1;
            }
        }
    }

    private bool At(string symbol) => string.CompareOrdinal(_text, _offset, symbol, 0, symbol.Length) == 0;

    private void Add(EqlTokenKind kind, string text, int start) =>
        _tokens.Add(new EqlToken(kind, text, text, _line, start - _lineStart + 1, start));

    private EqlParseException Error(int offset, string token, string reason) =>
        new(_line, offset - _lineStart + 1, token, reason);

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c is '_' or '@';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or '.';
}
