using System.Globalization;
using System.Text;

namespace TrailWatcher.Detection.Rules.Ecs;

/// <summary><c>Double.toString</c> as Java writes it: shortest digits, plain between 10⁻³ and 10⁷, else <c>d.dddE±n</c>.</summary>
internal static class JavaDoubleText
{
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // .NET's round-trip text carries the shortest digits that identify the double, as Java's has since JDK 19.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? text : text[..e];
        var exponent = e < 0 ? 0 : int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var integerDigits = point < 0 ? mantissa.Length : point;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits[leadingZeros..].TrimEnd('0');
        var scientific = integerDigits - leadingZeros - 1 + exponent;

        var builder = new StringBuilder(digits.Length + 8);
        if (value < 0)
        {
            builder.Append('-');
        }

        if (scientific is >= -3 and < 7)
        {
            if (scientific < 0)
            {
                builder.Append("0.").Append('0', -scientific - 1).Append(digits);
            }
            else if (digits.Length <= scientific + 1)
            {
                builder.Append(digits).Append('0', scientific + 1 - digits.Length).Append(".0");
            }
            else
            {
                builder.Append(digits.AsSpan(0, scientific + 1)).Append('.').Append(digits.AsSpan(scientific + 1));
            }
        }
        else
        {
            builder.Append(digits[0]).Append('.').Append(digits.Length > 1 ? digits.AsSpan(1) : "0")
                .Append('E').Append(scientific.ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
