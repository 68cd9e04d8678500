using System.Text;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>
/// Text a record's JSON must contain for a condition to match, checked before the record is parsed: the second dimension
/// of the rule index, for what eventName and eventSource cannot say. Every clause must hold; a clause holds when the
/// record contains one of its alternatives.
/// </summary>
/// <remarks>
/// Sound only for JSON without escapes: a record with a backslash may spell any value differently, so it is always admitted.
/// </remarks>
public sealed class RecordGuard
{
    private readonly byte[][][] _clauses;

    internal RecordGuard(IEnumerable<IEnumerable<string>> clauses)
    {
        Clauses = [.. clauses.Select(c => (IReadOnlyList<string>)[.. c.Order(StringComparer.Ordinal)])];
        _clauses = [.. Clauses.Select(c => c.Select(Encoding.UTF8.GetBytes).ToArray())];
    }

    /// <summary>The clauses: the record must contain one text of each.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Clauses { get; }

    /// <summary>True when the record may match: it has an escape, or every clause finds one of its texts.</summary>
    /// <param name="recordJson">The record's JSON.</param>
    /// <param name="hasEscape">Whether the record holds a backslash, computed once per record by the caller.</param>
    public bool Admits(ReadOnlySpan<byte> recordJson, bool hasEscape)
    {
        if (hasEscape)
        {
            return true;
        }

        foreach (var clause in _clauses)
        {
            if (!AnyFound(recordJson, clause))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnyFound(ReadOnlySpan<byte> recordJson, byte[][] alternatives)
    {
        foreach (var alternative in alternatives)
        {
            if (recordJson.IndexOf(alternative) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => string.Join(" & ", Clauses.Select(c => "(" + string.Join(" | ", c) + ")"));
}
