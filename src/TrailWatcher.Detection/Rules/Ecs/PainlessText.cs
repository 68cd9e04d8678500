using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Ecs;

/// <summary>A record's object as text, the way Elastic's CloudTrail pipeline renders <c>requestParameters</c> and its siblings.</summary>
/// <remarks>
/// The pipeline first prunes the parsed record (null, "", "-" and "none" values go, then maps and lists left empty), then
/// calls Java's <c>toString</c>: a map is <c>{key=value, key2=value2}</c> in hash-map order (<see cref="JavaHashMapOrder"/>),
/// a list is <c>[a, b]</c>, a string is written bare with no quoting or escaping, an integer as its digits, a
/// fractional or exponent number as a Java double (<see cref="JavaDoubleText"/>), a boolean as true or false.
/// </remarks>
internal static class PainlessText
{
    /// <summary>The text, or null when pruning leaves nothing (the pipeline then sets no field).</summary>
    public static string? Render(JsonElement value)
    {
        var builder = new StringBuilder();
        return Append(builder, value) ? builder.ToString() : null;
    }

    /// <summary>True when the pipeline's pruning keeps the value.</summary>
    public static bool IsKept(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => !IsDroppedText(value),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => true,
        JsonValueKind.Object => value.EnumerateObject().Any(p => IsKept(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Any(IsKept),
        _ => false,
    };

    /// <summary>A JSON number as Java prints what the parser made of it: an integer's digits, else a double.</summary>
    public static string NumberText(JsonElement number)
    {
        var raw = number.GetRawText();
        if (raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0)
        {
            // Integers become Integer, Long or BigInteger, whose text is the JSON's digits; "-0" parses to 0.
            return raw == "-0" ? "0" : raw;
        }

        // Out-of-range exponents give infinity, as Java's parse does.
        return JavaDoubleText.Format(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    // The pruning script compares with ==, which in Painless is equality of content.
    private static bool IsDroppedText(JsonElement text) =>
        text.ValueEquals(""u8) || text.ValueEquals("-"u8) || text.ValueEquals("none"u8);

    // Writes the value and returns true, or writes nothing and returns false when pruning removes it.
    private static bool Append(StringBuilder builder, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return AppendObject(builder, value);
            case JsonValueKind.Array:
                return AppendArray(builder, value);
            case JsonValueKind.String when !IsDroppedText(value):
                builder.Append(value.GetString());
                return true;
            case JsonValueKind.Number:
                builder.Append(NumberText(value));
                return true;
            case JsonValueKind.True:
                builder.Append("true");
                return true;
            case JsonValueKind.False:
                builder.Append("false");
                return true;
            default:
                return false;
        }
    }

    private static bool AppendObject(StringBuilder builder, JsonElement value)
    {
        // The map's size, hence its bucket count, is fixed at parse time, before pruning removes any entry.
        var properties = new List<JsonProperty>();
        var names = new List<string>();
        foreach (var property in value.EnumerateObject())
        {
            properties.Add(property);
            names.Add(property.Name);
        }

        var start = builder.Length;
        builder.Append('{');
        var written = false;
        foreach (var index in JavaHashMapOrder.Of(names))
        {
            var mark = builder.Length;
            if (written)
            {
                builder.Append(", ");
            }

            builder.Append(names[index]).Append('=');
            if (Append(builder, properties[index].Value))
            {
                written = true;
            }
            else
            {
                builder.Length = mark;
            }
        }

        return Close(builder, start, written, '}');
    }

    private static bool AppendArray(StringBuilder builder, JsonElement value)
    {
        var start = builder.Length;
        builder.Append('[');
        var written = false;
        foreach (var element in value.EnumerateArray())
        {
            var mark = builder.Length;
            if (written)
            {
                builder.Append(", ");
            }

            if (Append(builder, element))
            {
                written = true;
            }
            else
            {
                builder.Length = mark;
            }
        }

        return Close(builder, start, written, ']');
    }

    // A container left empty by pruning is itself pruned.
    private static bool Close(StringBuilder builder, int start, bool written, char close)
    {
        if (!written)
        {
            builder.Length = start;
            return false;
        }

        builder.Append(close);
        return true;
    }
}
