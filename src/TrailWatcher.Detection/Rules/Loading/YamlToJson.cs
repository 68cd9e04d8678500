using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>Turns a YAML test event into JSON text, keeping key order and core-schema scalar types.</summary>
internal static class YamlToJson
{
    public static string? Convert(YamlNode node, LoadContext context)
    {
        var before = context.ErrorCount;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node, context);
        }

        return context.ErrorCount == before ? Encoding.UTF8.GetString(buffer.ToArray()) : null;
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node, LoadContext context)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode scalarKey)
                    {
                        context.Error(key, "test event keys must be plain text");
                        continue;
                    }

                    writer.WritePropertyName(scalarKey.Value ?? "");
                    Write(writer, value, context);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item, context);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar, context);
                break;
            default:
                context.Error(node, "unsupported YAML node in test event");
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar, LoadContext context)
    {
        var text = scalar.Value ?? "";
        switch (YamlScalars.Resolve(scalar))
        {
            case ScalarKind.Null:
                writer.WriteNullValue();
                break;
            case ScalarKind.Bool:
                writer.WriteBooleanValue(text.ToUpperInvariant() == "TRUE");
                break;
            case ScalarKind.Int or ScalarKind.Float when YamlScalars.IsJsonNumber(text):
                // Written as-is so 1.50 stays 1.50 and large integers keep every digit.
                writer.WriteRawValue(text);
                break;
            case ScalarKind.Int:
                writer.WriteRawValue(ParseYamlInt(text).ToString(CultureInfo.InvariantCulture));
                break;
            case ScalarKind.Float:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    context.Error(scalar, $"'{text}' cannot be written as a JSON number (quote it to make it a string)");
                    writer.WriteNullValue();
                }

                break;
            default:
                writer.WriteStringValue(text);
                break;
        }
    }

    private static BigInteger ParseYamlInt(string text)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            var value = BigInteger.Zero;
            foreach (var digit in text.AsSpan(2))
            {
                value = (value * 8) + (digit - '0');
            }

            return value;
        }

        return BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }
}
