using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck.Xunit;
using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Tests.Reading;

public class CloudTrailReaderPropertyTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Property(Arbitrary = [typeof(LogCaseArbitrary)], MaxTest = 300)]
    public async Task Read_GeneratedLog_YieldsEachRecordWithItsFields(LogCase logCase)
    {
        var bytes = Serialise(logCase);
        var stream = (Stream)ChunkedStream.Random(bytes, logCase.Seed, logCase.MaxChunk);
        if (logCase.GzipMembers > 0)
        {
            stream = LogStreams.OpenDecompressed(stream);
        }

        var result = logCase.Async
            ? await ReaderHarness.ReadAsync(stream, logCase.BufferSize)
            : ReaderHarness.Read(stream, logCase.BufferSize);

        Assert.Null(result.Fault);
        Assert.Equal(logCase.Records.Count, result.Records.Count);
        for (var i = 0; i < logCase.Records.Count; i++)
        {
            var original = JsonNode.Parse(logCase.Records[i])!.AsObject();
            var read = result.Records[i];
            Assert.True(JsonNode.DeepEquals(original, JsonNode.Parse(read.Json)), $"record {i} differs: {read.Json}");
            Assert.Equal(TopLevelString(original, "eventSource"), read.EventSource);
            Assert.Equal(TopLevelString(original, "eventName"), read.EventName);
            Assert.Equal(TopLevelString(original, "eventTime"), read.EventTime);
            Assert.Equal(i, read.Index);
            AssertIdentity(original, read);
        }
    }

    // The identity the reader marks is the record's userIdentity value, whole; it is missing only when the guards would
    // not use it anyway (no object or array there, or a backslash somewhere in the record).
    private static void AssertIdentity(JsonObject original, ReadRecord read)
    {
        var value = original["userIdentity"];
        if (read.Identity.Length > 0)
        {
            Assert.True(JsonNode.DeepEquals(value, JsonNode.Parse(read.Identity)), $"identity differs: {read.Identity}");
        }
        else if (value is JsonObject or JsonArray && !read.Json.Contains('\\', StringComparison.Ordinal))
        {
            Assert.Fail($"identity not marked in {read.Json}");
        }
    }

    private static byte[] Serialise(LogCase logCase)
    {
        var random = new Random(logCase.Seed);
        string text;
        if (logCase.Layout == JsonLayout.Scrambled)
        {
            var writer = new ScrambledJsonWriter(random);
            writer.WriteWhitespace();
            writer.WriteRaw("{");
            if (logCase.Before is not null)
            {
                writer.WriteString("before");
                writer.WriteRaw(":");
                writer.WriteValue(JsonNode.Parse(logCase.Before));
                writer.WriteRaw(",");
            }

            writer.WriteString("Records");
            writer.WriteWhitespace();
            writer.WriteRaw(":");
            writer.WriteValue(new JsonArray([.. logCase.Records.Select(r => JsonNode.Parse(r))]));
            if (logCase.After is not null)
            {
                writer.WriteRaw(",");
                writer.WriteString("after");
                writer.WriteRaw(":");
                writer.WriteValue(JsonNode.Parse(logCase.After));
            }

            writer.WriteRaw("}");
            writer.WriteWhitespace();
            text = writer.ToString();
        }
        else
        {
            var root = new JsonObject();
            if (logCase.Before is not null)
            {
                root["before"] = JsonNode.Parse(logCase.Before);
            }

            root["Records"] = new JsonArray([.. logCase.Records.Select(r => JsonNode.Parse(r))]);
            if (logCase.After is not null)
            {
                root["after"] = JsonNode.Parse(logCase.After);
            }

            text = root.ToJsonString(logCase.Layout switch
            {
                JsonLayout.Indented => Indented,
                JsonLayout.CompactRelaxed => Relaxed,
                _ => JsonSerializerOptions.Default,
            });
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (logCase.ByteOrderMark)
        {
            bytes = [.. Encoding.UTF8.GetPreamble(), .. bytes];
        }

        return logCase.GzipMembers switch
        {
            0 => bytes,
            1 => ReaderHarness.Gzip(bytes),
            _ => TwoMembers(bytes, random.Next(bytes.Length + 1)),
        };
    }

    private static byte[] TwoMembers(byte[] bytes, int split)
        => [.. ReaderHarness.Gzip(bytes.AsSpan(0, split)), .. ReaderHarness.Gzip(bytes.AsSpan(split))];

    private static string TopLevelString(JsonObject record, string name)
        => record.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : "";
}
