using System.Globalization;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c> against a JSON number or a string holding an invariant number.</summary>
internal sealed class NumericCondition(FieldReader field, NumericComparison comparison, double operand) : TextLeafCondition(field)
{
    public override bool Test(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetDouble(out var number) && Compare(number),
        JsonValueKind.String => base.Test(value),
        _ => false,
    };

    protected override bool TestText(ReadOnlySpan<char> text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
        && double.IsFinite(number)
        && Compare(number);

    private bool Compare(double number) => comparison switch
    {
        NumericComparison.GreaterThan => number > operand,
        NumericComparison.GreaterThanOrEqual => number >= operand,
        NumericComparison.LessThan => number < operand,
        _ => number <= operand,
    };
}
