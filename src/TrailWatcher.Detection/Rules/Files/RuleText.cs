using System.Buffers;
using System.Text;
using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Detection.Rules.Files;

/// <summary>Reads a rule file's text in one piece: UTF-8 (with or without a byte-order mark), else as its byte-order mark says.</summary>
internal static class RuleText
{
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static string Read(string path)
    {
        // One read and one decode: a reader that grows its buffer as it goes copied the pack's text several times over.
        var bytes = File.ReadAllBytes(path);
        return IsUtf16(bytes) ? File.ReadAllText(path) : Encoding.UTF8.GetString(WithoutBom(bytes));
    }

    /// <summary>The file's text with its top-level tests block blanked (<see cref="TestsSection"/>), for commands that only evaluate.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static string ReadWithoutTests(string path)
    {
        // The bytes go to a pooled buffer and only the part kept is decoded: the test events are most of the pack's
        // text, and reading them into fresh arrays and strings was a third of what loading the pack allocated.
        using var handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
        {
            throw new IOException($"{path}: a rule file of {length:N0} bytes is too large to read");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var read = 0;
            for (int n; read < length && (n = RandomAccess.Read(handle, buffer.AsSpan(read, (int)length - read), read)) > 0;)
            {
                read += n;
            }

            var bytes = buffer.AsSpan(0, read);
            return IsUtf16(bytes) ? TestsSection.Blank(File.ReadAllText(path)) : TestsSection.Blank(WithoutBom(bytes));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsUtf16(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && (bytes[0], bytes[1]) is (0xFF, 0xFE) or (0xFE, 0xFF);

    private static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> bytes) => bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
}
