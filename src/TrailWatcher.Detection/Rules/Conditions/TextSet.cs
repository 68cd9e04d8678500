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
    // Records up to this size are widened on the stack.
    private const int StackChars = 4096;

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
        char[]? rented = null;
        var buffer = utf8.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            var text = buffer[..Encoding.UTF8.GetChars(utf8, buffer)];
            return (_exact is not null && text.IndexOfAny(_exact) >= 0) || (_anyCase is not null && text.IndexOfAny(_anyCase) >= 0);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
