using System.Globalization;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>One non-null EQL value: a string, an integer, a decimal or a boolean. A missing or null value is no value at all.</summary>
internal readonly record struct EqlScalar
{
    private EqlScalar(EqlScalarKind kind, string? text, long integer, double number, bool boolean)
    {
        Kind = kind;
        _text = text;
        Integer = integer;
        Number = number;
        Boolean = boolean;
    }

    private readonly string? _text;

    public EqlScalarKind Kind { get; }

    public long Integer { get; }

    /// <summary>The numeric value of an integer or a decimal.</summary>
    public double Number { get; }

    public bool Boolean { get; }

    public bool IsNumber => Kind is EqlScalarKind.Integer or EqlScalarKind.Decimal;

    /// <summary>The value as text: a string's content, a number's JSON text, <c>true</c>/<c>false</c>.</summary>
    public string Text => _text ?? Kind switch
    {
        EqlScalarKind.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        EqlScalarKind.Decimal => Number.ToString("R", CultureInfo.InvariantCulture),
        _ => Boolean ? "true" : "false",
    };

    public static EqlScalar Of(string text) => new(EqlScalarKind.String, text, 0, 0, false);

    public static EqlScalar Of(long integer) => new(EqlScalarKind.Integer, null, integer, integer, false);

    public static EqlScalar Of(double number) => new(EqlScalarKind.Decimal, null, 0, number, false);

    public static EqlScalar Of(bool boolean) => new(EqlScalarKind.Boolean, null, 0, 0, boolean);

    /// <summary>The scalar of a literal's value; false for null.</summary>
    public static bool TryFrom(object? literal, out EqlScalar scalar)
    {
        scalar = literal switch
        {
            string text => Of(text),
            long integer => Of(integer),
            double number => Of(number),
            bool boolean => Of(boolean),
            _ => default,
        };
        return literal is not null;
    }

    /// <summary>Adds the scalars a JSON value holds: itself, or an array's scalar elements; null and objects hold none.</summary>
    public static void AddFrom(JsonElement value, List<EqlScalar> values)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                values.Add(Of(value.GetString()!));
                break;
            case JsonValueKind.Number when value.TryGetInt64(out var integer):
                values.Add(new EqlScalar(EqlScalarKind.Integer, value.GetRawText(), integer, integer, false));
                break;
            case JsonValueKind.Number when value.TryGetDouble(out var number):
                values.Add(new EqlScalar(EqlScalarKind.Decimal, value.GetRawText(), 0, number, false));
                break;
            case JsonValueKind.True or JsonValueKind.False:
                values.Add(Of(value.ValueKind == JsonValueKind.True));
                break;
            case JsonValueKind.Array:
                foreach (var element in value.EnumerateArray())
                {
                    if (element.ValueKind != JsonValueKind.Array)
                    {
                        AddFrom(element, values);
                    }
                }

                break;
        }
    }

    /// <summary>The value as a number: itself, or a string holding an invariant number (surrounding spaces allowed).</summary>
    public bool TryGetNumber(out double number)
    {
        number = Number;
        return IsNumber
            || (Kind == EqlScalarKind.String
                && double.TryParse(_text, NumberStyles.Float, CultureInfo.InvariantCulture, out number)
                && double.IsFinite(number));
    }

    public override string ToString() => Text;
}
