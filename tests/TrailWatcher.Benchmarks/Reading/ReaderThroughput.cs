using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Benchmarks.Reading;

/// <summary>Stopwatch measurement of <see cref="CloudTrailReader"/> on synthetic ~1.3 KB records, against bare gunzip as the baseline.</summary>
internal static class ReaderThroughput
{
    private static readonly string[] Services = ["s3.amazonaws.com", "ec2.amazonaws.com", "iam.amazonaws.com", "sts.amazonaws.com", "kms.amazonaws.com"];
    private static readonly string[] Names = ["GetObject", "PutObject", "DescribeInstances", "AssumeRole", "Decrypt", "CreateUser"];

    public static void Run(TextWriter output, int count = 200_000)
    {
        var json = Generate(count);
        var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(json);
        }

        var compressed = gzipped.ToArray();
        output.WriteLine(FormattableString.Invariant($"{count} records, {json.Length / 1e6:F1} MB JSON ({json.Length / (double)count:F0} B/record), {compressed.Length / 1e6:F1} MB gzipped"));
        var scratch = new byte[64 * 1024];
        Measure(output, "bare GZipStream", count, json.Length, () =>
        {
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            while (gzip.Read(scratch) > 0)
            {
            }
        });
        Measure(output, "reader, in memory", count, json.Length, () => ReadAll(new MemoryStream(json), count));
        Measure(output, "reader over GZipStream", count, json.Length, () => ReadAll(LogStreams.OpenDecompressed(new MemoryStream(compressed)), count));
    }

    private static void ReadAll(Stream stream, int expected)
    {
        using var reader = new CloudTrailReader(stream, "benchmark");
        long fieldBytes = 0;
        while (reader.Read())
        {
            fieldBytes += reader.Current.EventName.Length + reader.Current.EventSource.Length;
        }

        if (reader.RecordsRead != expected || fieldBytes == 0)
        {
            throw new InvalidOperationException($"read {reader.RecordsRead} records, expected {expected}");
        }
    }

    private static void Measure(TextWriter output, string label, int records, long bytes, Action run)
    {
        var best = double.MaxValue;
        for (var repeat = 0; repeat < 7; repeat++)
        {
            var stopwatch = Stopwatch.StartNew();
            run();
            best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
        }

        output.WriteLine(FormattableString.Invariant($"{label,-24} {best:F3} s  {records / best / 1e3,6:F0} k records/s  {bytes / best / 1e6,6:F0} MB/s"));
    }

    private static byte[] Generate(int count)
    {
        var random = new Random(42);
        var text = new StringBuilder(count * 1400);
        text.Append("{\"Records\":[");
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var n = random.Next(1_000_000).ToString(CultureInfo.InvariantCulture);
            text.Append("{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE:session-").Append(n)
                .Append("\",\"arn\":\"arn:aws:sts::123456789012:assumed-role/AppRole/session-").Append(n)
                .Append("\",\"accountId\":\"123456789012\",\"accessKeyId\":\"ASIAEXAMPLE").Append(n)
                .Append("\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE\",\"arn\":\"arn:aws:iam::123456789012:role/AppRole\",\"accountId\":\"123456789012\",\"userName\":\"AppRole\"},\"webIdFederationData\":{}}},")
                .Append("\"eventTime\":\"2024-05-01T12:00:00Z\",\"eventSource\":\"").Append(Services[random.Next(Services.Length)])
                .Append("\",\"eventName\":\"").Append(Names[random.Next(Names.Length)])
                .Append("\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"10.0.").Append(random.Next(256)).Append('.').Append(random.Next(256))
                .Append("\",\"userAgent\":\"aws-sdk-java/2.20.").Append(random.Next(200))
                .Append("\",\"requestParameters\":{\"bucketName\":\"my-app-bucket\",\"key\":\"data/2024/05/01/part-").Append(n)
                .Append(".parquet\",\"filters\":[{\"name\":\"instance-state-name\",\"values\":[\"running\",\"stopped\"]}],\"policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"s3:*\\\"}]}\"},")
                .Append("\"responseElements\":{\"x-amz-server-side-encryption\":\"aws:kms\",\"requestCharged\":null},")
                .Append("\"additionalEventData\":{\"SignatureVersion\":\"SigV4\",\"bytesTransferredIn\":0,\"AuthenticationMethod\":\"AuthHeader\",\"bytesTransferredOut\":").Append(random.Next(100_000))
                .Append("},\"requestID\":\"").Append(Guid.NewGuid().ToString("N"))
                .Append("\",\"eventID\":\"").Append(Guid.NewGuid())
                .Append("\",\"readOnly\":true,\"resources\":[{\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::my-app-bucket\"}],\"eventType\":\"AwsApiCall\",\"managementEvent\":false,\"recipientAccountId\":\"123456789012\",\"eventCategory\":\"Data\"}");
        }

        text.Append("]}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
