using System.Globalization;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>Arithmetic and <c>number()</c>: integers stay integers (division truncates, as the reference warns), any decimal makes a decimal.</summary>
internal static class EqlMath
{
    /// <summary>Applies <c>+ - * / %</c>; null when an operand is null or not a number, or on division by zero.</summary>
    public static EqlScalar? Arithmetic(char op, EqlScalar? left, EqlScalar? right)
    {
        if (left is not { IsNumber: true } a || right is not { IsNumber: true } b)
        {
            return null;
        }

        if (a.Kind == EqlScalarKind.Integer && b.Kind == EqlScalarKind.Integer)
        {
            if (op is '/' or '%' && b.Integer == 0)
            {
                return null;
            }

            try
            {
                return EqlScalar.Of(op switch
                {
                    '+' => checked(a.Integer + b.Integer),
                    '-' => checked(a.Integer - b.Integer),
                    '*' => checked(a.Integer * b.Integer),
                    '/' => checked(a.Integer / b.Integer),
                    _ => a.Integer % b.Integer,
                });
            }
            catch (OverflowException)
            {
                // Past the range of a long the result is still a number, only less exact.
            }
        }

        if (op is '/' or '%' && b.Number == 0)
        {
            return null;
        }

        var result = op switch
        {
            '+' => a.Number + b.Number,
            '-' => a.Number - b.Number,
            '*' => a.Number * b.Number,
            '/' => a.Number / b.Number,
            _ => a.Number % b.Number,
        };
        return double.IsFinite(result) ? EqlScalar.Of(result) : null;
    }

    /// <summary><c>number(text[, base])</c>: an integer or a decimal; <c>0x</c> means base 16; null when the text is not a number.</summary>
    public static EqlScalar? Number(EqlScalar?[] a)
    {
        if (a[0] is not { } value)
        {
            return null;
        }

        if (value.IsNumber)
        {
            return value;
        }

        var text = value.Text.Trim();
        var negative = text.StartsWith('-');
        var unsigned = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        long radix = 10;
        if (a.Length > 1 && a[1] is { } given)
        {
            if (given.Kind != EqlScalarKind.Integer)
            {
                return null;
            }

            radix = given.Integer;
        }

        // 0x means hexadecimal unless another base is given explicitly (then the x is simply not a digit).
        if (unsigned.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && (radix == 16 || a.Length < 2 || a[1] is null))
        {
            unsigned = unsigned[2..];
            radix = 16;
        }

        if (unsigned.Length == 0 || radix is < 2 or > 36)
        {
            return null;
        }

        if (radix == 10)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return EqlScalar.Of(integer);
            }

            return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
                && double.IsFinite(number) ? EqlScalar.Of(number) : null;
        }

        long result = 0;
        foreach (var c in unsigned)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : 99;
            if (digit >= radix)
            {
                return null;
            }

            try
            {
                result = checked((result * radix) + digit);
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return EqlScalar.Of(negative ? -result : result);
    }
}
