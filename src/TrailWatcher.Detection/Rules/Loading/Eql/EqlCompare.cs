namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>How two EQL values compare: numbers by value (a string holding a number counts as one against a number), anything else by text.</summary>
internal static class EqlCompare
{
    public static bool AreEqual(EqlScalar left, EqlScalar right, bool ignoreCase)
    {
        if ((left.IsNumber || right.IsNumber) && left.TryGetNumber(out var a) && right.TryGetNumber(out var b))
        {
            return left.Kind == EqlScalarKind.Integer && right.Kind == EqlScalarKind.Integer ? left.Integer == right.Integer : a == b;
        }

        if (left.Kind == EqlScalarKind.Boolean && right.Kind == EqlScalarKind.Boolean)
        {
            return left.Boolean == right.Boolean;
        }

        return string.Equals(left.Text, right.Text, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>The ordering of two values, if they are ordered: both numbers (or a number and a numeric string), or both strings (ordinal).</summary>
    public static int? Order(EqlScalar left, EqlScalar right)
    {
        if ((left.IsNumber || right.IsNumber) && left.TryGetNumber(out var a) && right.TryGetNumber(out var b))
        {
            return left.Kind == EqlScalarKind.Integer && right.Kind == EqlScalarKind.Integer ? left.Integer.CompareTo(right.Integer) : a.CompareTo(b);
        }

        if (left.Kind == EqlScalarKind.String && right.Kind == EqlScalarKind.String)
        {
            return string.CompareOrdinal(left.Text, right.Text);
        }

        return null;
    }

    /// <summary>Whether the pair satisfies a comparison operator other than <c>!=</c>.</summary>
    public static bool Holds(string op, EqlScalar left, EqlScalar right) => op switch
    {
        "==" => AreEqual(left, right, ignoreCase: false),
        "<" => Order(left, right) < 0,
        "<=" => Order(left, right) <= 0,
        ">" => Order(left, right) > 0,
        _ => Order(left, right) >= 0,
    };
}
