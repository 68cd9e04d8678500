using System.IO.Compression;
using System.Text;
using Amazon.S3.Model;
using Xunit;

namespace TrailWatcher.IntegrationTests.Smoke;

/// <summary>Proves the S3 SDK calls the worker relies on work against the emulator.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class S3SmokeTests(AwsEmulatorFixture emulator)
{
    // CloudTrail keys never hold these, but S3 notification keys arrive URL-encoded, so the
    // reader must cope with keys whose encoded and decoded forms differ.
    private const string AwkwardKey = "AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/02/log file+v2 (copy).json.gz";

    [Fact]
    public async Task GetObject_GzippedObjectUnderKeyWithSpacesAndPlus_StreamsBackIdentical()
    {
        var bucket = AwsEmulatorFixture.UniqueName("smoke-s3");
        await emulator.CreateBucketAsync(bucket);
        const string json = """{"Records":[{"eventSource":"s3.amazonaws.com","eventName":"GetObject"}]}""";
        using var s3 = emulator.CreateS3Client();

        var put = new PutObjectRequest
        {
            BucketName = bucket,
            Key = AwkwardKey,
            InputStream = new MemoryStream(Gzip(json)),
            ContentType = "application/json",
        };
        // With Content-Encoding: gzip stored, a client that decompressed transparently would hand
        // the reader plain JSON; the worker gunzips itself, so the body must come back as stored.
        put.Headers.ContentEncoding = "gzip";
        await s3.PutObjectAsync(put);

        using var response = await s3.GetObjectAsync(bucket, AwkwardKey);
        await using var gunzip = new GZipStream(response.ResponseStream, CompressionMode.Decompress);
        using var reader = new StreamReader(gunzip, Encoding.UTF8);
        Assert.Equal(json, await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task ListObjectsV2_KeyWithSpacesAndPlus_ReturnsKeyDecoded()
    {
        var bucket = AwsEmulatorFixture.UniqueName("smoke-s3");
        await emulator.CreateBucketAsync(bucket);
        using var s3 = emulator.CreateS3Client();
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = AwkwardKey, ContentBody = "x" });

        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "AWSLogs/" });

        var listed = Assert.Single(listing.S3Objects ?? []);
        Assert.Equal(AwkwardKey, listed.Key);
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
