using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>equals</c>: the value's text equals a constant.</summary>
internal sealed class EqualsCondition : TextLeafCondition
{
    private readonly byte[] _utf8;

    public EqualsCondition(FieldReader field, string value, bool ignoreCase)
        : base(field)
    {
        Value = value;
        IgnoreCase = ignoreCase;
        _utf8 = Encoding.UTF8.GetBytes(value);
    }

    public string Value { get; }

    public bool IgnoreCase { get; }

    public override bool Test(JsonElement value)
    {
        if (IgnoreCase)
        {
            return base.Test(value);
        }

        return value.ValueKind switch
        {
            // ValueEquals unescapes as it compares, so no string is built.
            JsonValueKind.String => value.ValueEquals(_utf8),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null =>
                JsonMarshal.GetRawUtf8Value(value).SequenceEqual(_utf8),
            _ => false,
        };
    }

    protected override bool TestText(ReadOnlySpan<char> text) => text.Equals(Value, StringComparison.OrdinalIgnoreCase);
}
