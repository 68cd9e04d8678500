using System.Text;

namespace TrailWatcher.Fuzz;

/// <summary>Turns fuzz bytes into the text a file or message body would give.</summary>
internal static class FuzzText
{
    /// <summary>UTF-8 with invalid sequences replaced, as <see cref="File.ReadAllText(string)"/> and the SQS client decode them.</summary>
    public static string Decode(ReadOnlySpan<byte> input) => Encoding.UTF8.GetString(input);
}
