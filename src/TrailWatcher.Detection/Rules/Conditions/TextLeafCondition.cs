using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A leaf that works on a scalar's text: string content, a number's raw text, or true/false/null.</summary>
internal abstract class TextLeafCondition(FieldReader field) : LeafCondition(field)
{
    private const int StackLimit = 256;

    public override bool Test(JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Undefined)
        {
            return false;
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (value.ValueKind == JsonValueKind.String)
        {
            raw = raw[1..^1];
            if (raw.Contains((byte)'\\'))
            {
                // Escapes are rare in CloudTrail; unescaping by hand is not worth the risk of getting it wrong.
                return TestText(value.GetString());
            }
        }

        // Decoding into a stack buffer keeps the common short value free of heap allocation.
        if (raw.Length <= StackLimit)
        {
            Span<char> buffer = stackalloc char[raw.Length];
            var length = Encoding.UTF8.GetChars(raw, buffer);
            return TestText(buffer[..length]);
        }

        var rented = ArrayPool<char>.Shared.Rent(raw.Length);
        try
        {
            var length = Encoding.UTF8.GetChars(raw, rented);
            return TestText(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    protected abstract bool TestText(ReadOnlySpan<char> text);
}
