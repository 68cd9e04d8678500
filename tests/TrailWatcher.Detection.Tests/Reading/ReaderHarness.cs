using System.IO.Compression;
using System.Text;
using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Tests.Reading;

/// <summary>Runs a <see cref="CloudTrailReader"/> to the end of a log and collects what it delivered.</summary>
internal static class ReaderHarness
{
    public const string Source = "s3://bucket/AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/01/log.json.gz";

    public static ReadResult Read(string json, int bufferSize = 64 * 1024, int maxRecordBytes = 64 * 1024 * 1024)
        => Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), bufferSize, maxRecordBytes);

    public static ReadResult Read(Stream stream, int bufferSize = 64 * 1024, int maxRecordBytes = 64 * 1024 * 1024)
    {
        var records = new List<ReadRecord>();
        using var reader = new CloudTrailReader(stream, Source, bufferSize, maxRecordBytes);
        try
        {
            while (reader.Read())
            {
                Assert.Equal(records.Count, reader.Current.Index);
                records.Add(ReadRecord.From(reader.Current));
                Assert.Equal(records.Count, reader.RecordsRead);
            }
        }
        catch (CloudTrailFormatException ex)
        {
            return new ReadResult(records, ex, reader.BytesConsumed);
        }

        return new ReadResult(records, null, reader.BytesConsumed);
    }

    public static async Task<ReadResult> ReadAsync(Stream stream, int bufferSize = 64 * 1024, int maxRecordBytes = 64 * 1024 * 1024)
    {
        var records = new List<ReadRecord>();
        using var reader = new CloudTrailReader(stream, Source, bufferSize, maxRecordBytes);
        try
        {
            while (await reader.ReadAsync())
            {
                records.Add(ReadRecord.From(reader.Current));
            }
        }
        catch (CloudTrailFormatException ex)
        {
            return new ReadResult(records, ex, reader.BytesConsumed);
        }

        return new ReadResult(records, null, reader.BytesConsumed);
    }

    public static ReadResult ReadOk(string json, int bufferSize = 64 * 1024)
    {
        var result = Read(json, bufferSize);
        Assert.Null(result.Fault);
        return result;
    }

    public static CloudTrailFormatException ReadFault(string json, int bufferSize = 64 * 1024)
    {
        var result = Read(json, bufferSize);
        Assert.NotNull(result.Fault);
        return result.Fault;
    }

    public static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
