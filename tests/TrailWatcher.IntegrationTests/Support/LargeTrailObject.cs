using System.IO.Compression;
using System.Text;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>One ~100 MB (uncompressed) CloudTrail log with matching events planted at its start, middle and end.</summary>
/// <remarks>
/// Built once per test run by byte concatenation (a template record around each eventID) rather than
/// through a JSON DOM, so it costs well under a second; the gzipped bytes are a few MB and kept in memory.
/// </remarks>
internal static class LargeTrailObject
{
    public const string StartEventId = "large-start";
    public const string MiddleEventId = "large-middle";
    public const string EndEventId = "large-end";

    /// <summary>Size of the JSON document before compression.</summary>
    public const long TargetUncompressedBytes = 100L * 1024 * 1024;

    private const string Placeholder = "EVENT_ID_PLACEHOLDER";

    private static readonly Lazy<byte[]> Built = new(Build);

    public static IReadOnlyList<string> PlantedEventIds { get; } = [StartEventId, MiddleEventId, EndEventId];

    /// <summary>The gzipped log document.</summary>
    public static byte[] Gzip => Built.Value;

    private static byte[] Build()
    {
        var (backgroundHead, backgroundTail) = Split(SeedEvents.Background(Placeholder).ToJsonString());
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BufferedStream(gzip, 1 << 16))
        {
            long written = 0;
            void Write(ReadOnlySpan<byte> bytes)
            {
                writer.Write(bytes);
                written += bytes.Length;
            }

            Write("{\"Records\":["u8);
            Write(Encoding.UTF8.GetBytes(SeedEvents.LoggingDisabled(StartEventId).ToJsonString()));
            var middlePlanted = false;
            for (var i = 0; written < TargetUncompressedBytes; i++)
            {
                if (!middlePlanted && written >= TargetUncompressedBytes / 2)
                {
                    Write(",\n"u8);
                    Write(Encoding.UTF8.GetBytes(SeedEvents.LoggingDisabled(MiddleEventId).ToJsonString()));
                    middlePlanted = true;
                }

                Write(",\n"u8);
                Write(backgroundHead);
                Write(Encoding.ASCII.GetBytes($"bg-{i:D8}"));
                Write(backgroundTail);
            }

            Write(",\n"u8);
            Write(Encoding.UTF8.GetBytes(SeedEvents.LoggingDisabled(EndEventId).ToJsonString()));
            Write("]}"u8);
        }

        return buffer.ToArray();
    }

    private static (byte[] Head, byte[] Tail) Split(string template)
    {
        var at = template.IndexOf(Placeholder, StringComparison.Ordinal);
        return (Encoding.UTF8.GetBytes(template[..at]), Encoding.UTF8.GetBytes(template[(at + Placeholder.Length)..]));
    }
}
