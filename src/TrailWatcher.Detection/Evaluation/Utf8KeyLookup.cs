using System.Buffers;
using System.Text;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>Looks up a UTF-8 key in a string-keyed dictionary without allocating a string for it.</summary>
internal static class Utf8KeyLookup
{
    /// <summary>Keys up to this many bytes are transcoded on the stack.</summary>
    public const int StackLimit = 256;

    public static bool TryGetValue<TValue>(
        Dictionary<string, TValue>.AlternateLookup<ReadOnlySpan<char>> lookup,
        ReadOnlySpan<byte> utf8,
        out TValue value)
    {
        if (utf8.Length <= StackLimit)
        {
            // Event names and sources are short ASCII, so this path covers every real record.
            // Sized to the key: a stack buffer is zeroed, and UTF-8 never decodes to more UTF-16 units than it has bytes.
            Span<char> buffer = stackalloc char[utf8.Length];
            var length = Encoding.UTF8.GetChars(utf8, buffer);
            return lookup.TryGetValue(buffer[..length], out value!);
        }

        var rented = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            var length = Encoding.UTF8.GetChars(utf8, rented);
            return lookup.TryGetValue(rented.AsSpan(0, length), out value!);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }
}
