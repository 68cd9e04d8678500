using System.Collections.Frozen;
using System.Text;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>The EQL functions, by name (names ignore case); arithmetic operators use the same bodies as their functions.</summary>
internal static class EqlFunctions
{
    public static readonly FrozenDictionary<string, EqlFunction> All = new EqlFunction[]
    {
        new("add", 2, 2, false, false, (a, _) => EqlMath.Arithmetic('+', a[0], a[1])),
        new("subtract", 2, 2, false, false, (a, _) => EqlMath.Arithmetic('-', a[0], a[1])),
        new("multiply", 2, 2, false, false, (a, _) => EqlMath.Arithmetic('*', a[0], a[1])),
        new("divide", 2, 2, false, false, (a, _) => EqlMath.Arithmetic('/', a[0], a[1])),
        new("modulo", 2, 2, false, false, (a, _) => EqlMath.Arithmetic('%', a[0], a[1])),
        new("number", 1, 2, false, false, (a, _) => EqlMath.Number(a)),
        new("between", 3, 4, true, false, Between),
        new("cidrMatch", 2, int.MaxValue, false, true, CidrMatch),
        new("concat", 1, int.MaxValue, false, false, Concat),
        new("endsWith", 2, 2, true, true, (a, i) => Texts(a, out var s, out var t) ? EqlScalar.Of(s.EndsWith(t, Comparison(i))) : null),
        new("startsWith", 2, 2, true, true, (a, i) => Texts(a, out var s, out var t) ? EqlScalar.Of(s.StartsWith(t, Comparison(i))) : null),

        // The reference: an empty substring is never contained, not even in an empty string.
        new("stringContains", 2, 2, true, true, (a, i) => Texts(a, out var s, out var t) ? EqlScalar.Of(t.Length > 0 && s.Contains(t, Comparison(i))) : null),
        new("indexOf", 2, 3, true, false, IndexOf),
        new("length", 1, 1, false, false, (a, _) => a[0] is { } s ? EqlScalar.Of((long)s.Text.Length) : null),
        new("string", 1, 1, false, false, (a, _) => a[0] is { } v ? EqlScalar.Of(v.Text) : null),
        new("substring", 2, 3, false, false, Substring),
        new("wildcard", 2, int.MaxValue, true, true, Wildcard),
    }.ToFrozenDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public static EqlFunction Operator(char op) => All[op switch
    {
        '+' => "add",
        '-' => "subtract",
        '*' => "multiply",
        '/' => "divide",
        _ => "modulo",
    }];

    /// <summary>An EQL wildcard pattern as a <see cref="WildcardPattern"/> text: EQL has no wildcard escape, so a backslash is literal.</summary>
    public static string ToWildcardText(string eqlPattern) => eqlPattern.Replace("\\", "\\\\", StringComparison.Ordinal);

    private static EqlScalar? Between(EqlScalar?[] a, bool ignoreCase)
    {
        if (a[0] is not { } source || a[1] is not { } left || a[2] is not { } right)
        {
            return null;
        }

        var greedy = a.Length > 3 && a[3] is { Kind: EqlScalarKind.Boolean, Boolean: true };
        var text = source.Text;
        var comparison = Comparison(ignoreCase);
        var start = text.IndexOf(left.Text, comparison);
        if (text.Length == 0 || start < 0)
        {
            return EqlScalar.Of("");
        }

        start += left.Text.Length;
        var end = greedy ? text.LastIndexOf(right.Text, comparison) : text.IndexOf(right.Text, start, comparison);
        return EqlScalar.Of(end < start ? "" : text[start..end]);
    }

    private static EqlScalar? CidrMatch(EqlScalar?[] a, bool ignoreCase)
    {
        if (a[0] is not { } address || a.Skip(1).Any(b => b is null))
        {
            return null;
        }

        if (!RecordText.TryParseAddress(address.Text, out var parsed))
        {
            return EqlScalar.Of(false);
        }

        foreach (var block in a.Skip(1))
        {
            if (EqlNetworks.TryParse(block!.Value.Text, out var network) && network.Value.Contains(parsed))
            {
                return EqlScalar.Of(true);
            }
        }

        return EqlScalar.Of(false);
    }

    private static EqlScalar? Concat(EqlScalar?[] a, bool ignoreCase)
    {
        var builder = new StringBuilder();
        foreach (var value in a)
        {
            if (value is null)
            {
                return null;
            }

            builder.Append(value.Value.Text);
        }

        return EqlScalar.Of(builder.ToString());
    }

    private static EqlScalar? IndexOf(EqlScalar?[] a, bool ignoreCase)
    {
        if (!Texts(a, out var source, out var substring))
        {
            return null;
        }

        long start = 0;
        if (a.Length > 2)
        {
            if (a[2] is not { Kind: EqlScalarKind.Integer } position)
            {
                return null;
            }

            start = Math.Max(0, position.Integer);
        }

        if (start > source.Length)
        {
            return null;
        }

        var found = source.IndexOf(substring, (int)start, Comparison(ignoreCase));
        return found < 0 ? null : EqlScalar.Of((long)found);
    }

    private static EqlScalar? Substring(EqlScalar?[] a, bool ignoreCase)
    {
        if (a[0] is not { } source || a[1] is not { Kind: EqlScalarKind.Integer } start
            || (a.Length > 2 && a[2] is not { Kind: EqlScalarKind.Integer }))
        {
            return null;
        }

        var text = source.Text;
        var from = Position(start.Integer, text.Length);
        var to = a.Length > 2 ? Position(a[2]!.Value.Integer, text.Length) : text.Length;
        return EqlScalar.Of(from >= to ? "" : text[from..to]);
    }

    // Negative positions count from the end, as in Python slices; both ends are clamped to the string.
    private static int Position(long position, int length) =>
        (int)Math.Clamp(position < 0 ? position + length : position, 0, length);

    private static EqlScalar? Wildcard(EqlScalar?[] a, bool ignoreCase)
    {
        if (a.Any(v => v is null))
        {
            return null;
        }

        var text = a[0]!.Value.Text;
        return EqlScalar.Of(a.Skip(1).Any(p => new WildcardPattern(ToWildcardText(p!.Value.Text), ignoreCase).IsMatch(text)));
    }

    private static bool Texts(EqlScalar?[] a, out string first, out string second)
    {
        first = a[0]?.Text ?? "";
        second = a[1]?.Text ?? "";
        return a[0] is not null && a[1] is not null;
    }

    private static StringComparison Comparison(bool ignoreCase) => ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
}
