using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrailWatcher.Detection.Tests.Reading;

/// <summary>Writes JSON with random whitespace between tokens and random (valid) escaping inside strings and keys.</summary>
internal sealed class ScrambledJsonWriter(Random random)
{
    private const string Whitespace = " \t\r\n";
    private readonly StringBuilder _text = new();

    public override string ToString() => _text.ToString();

    public void WriteRaw(string json) => _text.Append(json);

    public void WriteWhitespace()
    {
        if (random.Next(3) == 0)
        {
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                _text.Append(Whitespace[random.Next(Whitespace.Length)]);
            }
        }
    }

    public void WriteValue(JsonNode? node)
    {
        WriteWhitespace();
        switch (node)
        {
            case null:
                _text.Append("null");
                break;
            case JsonObject obj:
                _text.Append('{');
                var firstProperty = true;
                foreach (var (key, child) in obj)
                {
                    WriteSeparator(ref firstProperty);
                    WriteWhitespace();
                    WriteString(key);
                    WriteWhitespace();
                    _text.Append(':');
                    WriteValue(child);
                }

                WriteWhitespace();
                _text.Append('}');
                break;
            case JsonArray array:
                _text.Append('[');
                var firstItem = true;
                foreach (var item in array)
                {
                    WriteSeparator(ref firstItem);
                    WriteValue(item);
                }

                WriteWhitespace();
                _text.Append(']');
                break;
            default:
                var scalar = (JsonValue)node;
                if (scalar.GetValueKind() == JsonValueKind.String)
                {
                    WriteString(scalar.GetValue<string>());
                }
                else
                {
                    _text.Append(scalar.ToJsonString());
                }

                break;
        }

        WriteWhitespace();
    }

    public void WriteString(string value)
    {
        _text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var escape = random.Next(4) == 0;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length)
            {
                // A pair is written whole, either literally or as two escapes, so the UTF-8 stays valid.
                if (escape)
                {
                    WriteUnicodeEscape(c);
                    WriteUnicodeEscape(value[i + 1]);
                }
                else
                {
                    _text.Append(c).Append(value[i + 1]);
                }

                i++;
                continue;
            }

            switch (c)
            {
                case '"':
                    _text.Append(escape ? "\\u0022" : "\\\"");
                    break;
                case '\\':
                    _text.Append(escape ? "\\u005C" : "\\\\");
                    break;
                case '\n':
                    _text.Append(escape ? "\\u000a" : "\\n");
                    break;
                case '\t':
                    _text.Append(escape ? "\\u0009" : "\\t");
                    break;
                case '/':
                    _text.Append(escape ? "\\/" : "/");
                    break;
                case < ' ':
                    WriteUnicodeEscape(c);
                    break;
                default:
                    if (escape)
                    {
                        WriteUnicodeEscape(c);
                    }
                    else
                    {
                        _text.Append(c);
                    }

                    break;
            }
        }

        _text.Append('"');
    }

    private void WriteSeparator(ref bool first)
    {
        if (!first)
        {
            WriteWhitespace();
            _text.Append(',');
        }

        first = false;
    }

    private void WriteUnicodeEscape(char c)
    {
        var hex = ((int)c).ToString("x4", CultureInfo.InvariantCulture);
        _text.Append("\\u").Append(random.Next(2) == 0 ? hex : hex.ToUpperInvariant());
    }
}
