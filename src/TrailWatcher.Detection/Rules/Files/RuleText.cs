using System.Text;

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
        if (bytes.AsSpan().StartsWith("\uFEFF"u8))
        {
            return Encoding.UTF8.GetString(bytes.AsSpan(3));
        }

        return bytes.Length >= 2 && (bytes[0], bytes[1]) is (0xFF, 0xFE) or (0xFE, 0xFF)
            ? File.ReadAllText(path)
            : Encoding.UTF8.GetString(bytes);
    }
}
