using System.Buffers;
using System.Text;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A guard clause with many alternatives, searched in one pass over the record instead of once per text.</summary>
/// <remarks>
/// The record is widened to UTF-16 for the search (the multi-text searcher works on characters). Ignoring case, a
/// non-ASCII character may match an ASCII letter it folds to; that only admits more records, never fewer.
/// </remarks>
internal sealed class TextSet
{
    // One widening buffer per thread, kept: a stack buffer of record size would be zeroed on every call, which cost
    // more than the search itself.
    // Records up to this size (nearly all) are widened there; a larger one borrows a pooled buffer.
    private const int KeptChars = 16 * 1024;

    [ThreadStatic]
    private static char[]? t_wide;

    private readonly SearchValues<string>? _exact;
    private readonly SearchValues<string>? _anyCase;

    public TextSet(IEnumerable<GuardText> alternatives)
    {
        var texts = alternatives.ToList();
        var exact = texts.Where(t => !t.IgnoreCase).Select(t => t.Text).ToArray();
        var anyCase = texts.Where(t => t.IgnoreCase).Select(t => t.Text).ToArray();
        _exact = exact.Length > 0 ? SearchValues.Create(exact, StringComparison.Ordinal) : null;
        _anyCase = anyCase.Length > 0 ? SearchValues.Create(anyCase, StringComparison.OrdinalIgnoreCase) : null;
    }

    /// <summary>True when the UTF-8 text holds at least one of the alternatives.</summary>
    public bool AnyIn(ReadOnlySpan<byte> utf8)
    {
        // UTF-8 never decodes to more UTF-16 units than it has bytes.
        if (utf8.Length > KeptChars)
        {
            var rented = ArrayPool<char>.Shared.Rent(utf8.Length);
            try
            {
                return AnyIn(utf8, rented);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }

        return AnyIn(utf8, t_wide ??= new char[KeptChars]);
    }

    private bool AnyIn(ReadOnlySpan<byte> utf8, char[] buffer)
    {
        var text = buffer.AsSpan(0, Encoding.UTF8.GetChars(utf8, buffer));
        return (_exact is not null && text.IndexOfAny(_exact) >= 0) || (_anyCase is not null && text.IndexOfAny(_anyCase) >= 0);
    }
}
