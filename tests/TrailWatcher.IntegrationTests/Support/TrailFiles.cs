using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>Builds gzipped CloudTrail log documents in memory, ready to put in a bucket.</summary>
internal static class TrailFiles
{
    public static byte[] Gzip(params JsonNode[] records)
    {
        var document = new JsonObject { ["Records"] = new JsonArray([.. records.Select(r => r.DeepClone())]) };
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(document.ToJsonString()));
        }

        return buffer.ToArray();
    }
}
