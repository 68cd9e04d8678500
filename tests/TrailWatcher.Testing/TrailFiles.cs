using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrailWatcher.Testing;

/// <summary>Writes CloudTrail log files in the shapes a trail bucket (or a careless copy of one) can hold.</summary>
public static class TrailFiles
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static string Document(IEnumerable<JsonNode> records, bool pretty = false, bool recordsLast = false)
    {
        var root = new JsonObject();
        if (recordsLast)
        {
            root["Comment"] = "Records is not the first key here";
            root["Meta"] = new JsonObject { ["nested"] = new JsonArray(1, 2, new JsonObject { ["Records"] = "decoy" }) };
        }

        root["Records"] = new JsonArray([.. records.Select(r => r.DeepClone())]);
        return pretty ? root.ToJsonString(Pretty) : root.ToJsonString();
    }

    /// <summary>A gzipped log document in memory, ready to put in a bucket.</summary>
    public static byte[] Gzip(params JsonNode[] records)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(Document(records)));
        }

        return buffer.ToArray();
    }

    public static string WriteGzip(string path, string json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(json));
        return path;
    }

    public static string WritePlain(string path, string json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>One document split across several concatenated gzip members, as some tools write them.</summary>
    public static string WriteMultiMemberGzip(string path, string json, int members)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = Encoding.UTF8.GetBytes(json);
        using var file = File.Create(path);
        var size = (bytes.Length + members - 1) / members;
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            using var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
            gzip.Write(bytes, offset, Math.Min(size, bytes.Length - offset));
        }

        return path;
    }

    /// <summary>Replaces every plain "PutBucketLogging" value with one written through JSON unicode escapes.</summary>
    public static string EscapeEventNames(string json) =>
        json.Replace("\"eventName\":\"PutBucketLogging\"", "\"event\\u004eame\":\"PutBucket\\u004cogging\"", StringComparison.Ordinal);
}
