using System.Text;
using System.Text.Json.Nodes;
using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Detection.Tests.Integrity;

public sealed class DigestFileParserTests
{
    private const string Name = "s3://b/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/d.json.gz";

    // The sample digest of AWS's "CloudTrail digest file structure" page (signature shortened).
    private const string Sample = """
        {
          "awsAccountId": "111122223333",
          "digestStartTime": "2015-08-17T14:01:31Z",
          "digestEndTime": "2015-08-17T15:01:31Z",
          "digestS3Bucket": "S3-bucket-name",
          "digestS3Object": "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz",
          "digestPublicKeyFingerprint": "31e8b5433410dfb61a9dc45cc65b22ff",
          "digestSignatureAlgorithm": "SHA256withRSA",
          "newestEventTime": "2015-08-17T14:52:27Z",
          "oldestEventTime": "2015-08-17T14:42:27Z",
          "previousDigestS3Bucket": "S3-bucket-name",
          "previousDigestS3Object": "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T140131Z.json.gz",
          "previousDigestHashValue": "97fb791cf91ffc440d274f8190dbdd9aa09c34432aba82739df18b6d3c13df2d",
          "previousDigestHashAlgorithm": "SHA-256",
          "previousDigestSignature": "50887ccffad4c002b97caa37cc9dc626",
          "logFiles": [
            {
              "s3Bucket": "S3-bucket-name",
              "s3Object": "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz",
              "hashValue": "9bb6196fc6b84d6f075a56548feca262bd99ba3c2de41b618e5b6e22c1fc71f6",
              "hashAlgorithm": "SHA-256",
              "newestEventTime": "2015-08-17T14:52:27Z",
              "oldestEventTime": "2015-08-17T14:42:27Z"
            }
          ]
        }
        """;

    [Fact]
    public void Parse_DocumentedSample_ReadsEveryField()
    {
        var digest = DigestFileParser.Parse(Encoding.UTF8.GetBytes(Sample), Name);

        Assert.Equal("111122223333", digest.AccountId);
        Assert.Equal(new DateTimeOffset(2015, 8, 17, 15, 1, 31, TimeSpan.Zero), digest.EndTime);
        Assert.Equal("31e8b5433410dfb61a9dc45cc65b22ff", digest.PublicKeyFingerprint);
        Assert.Equal("97fb791cf91ffc440d274f8190dbdd9aa09c34432aba82739df18b6d3c13df2d", digest.Previous!.HashValue);
        var log = Assert.Single(digest.LogFiles);
        Assert.Equal("9bb6196fc6b84d6f075a56548feca262bd99ba3c2de41b618e5b6e22c1fc71f6", log.HashValue);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Sample))), digest.ContentHash);
    }

    [Fact]
    public void Parse_StartingDigestWithNullPreviousFields_HasNoPrevious()
    {
        var json = Edit(d =>
        {
            foreach (var name in new[] { "previousDigestS3Bucket", "previousDigestS3Object", "previousDigestHashValue", "previousDigestHashAlgorithm", "previousDigestSignature" })
            {
                d[name] = null;
            }
        });

        Assert.Null(DigestFileParser.Parse(json, Name).Previous);
    }

    [Fact]
    public void BuildSigningString_Digest_JoinsTheDocumentedFieldsWithNewlines()
    {
        var digest = DigestFileParser.Parse(Encoding.UTF8.GetBytes(Sample), Name);

        Assert.Equal(
            "2015-08-17T15:01:31Z\n"
            + "S3-bucket-name/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz\n"
            + digest.ContentHash + "\n"
            + "50887ccffad4c002b97caa37cc9dc626",
            DigestSigningString.Build(digest));
    }

    [Fact]
    public void Parse_TruncatedJson_NamesTheObject()
    {
        var error = Assert.Throws<DigestFormatException>(() => DigestFileParser.Parse("{\"awsAccountId\": \"1"u8, Name));

        Assert.StartsWith(Name + ": not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("digestEndTime")]
    [InlineData("digestS3Object")]
    [InlineData("digestPublicKeyFingerprint")]
    [InlineData("logFiles")]
    public void Parse_RequiredFieldMissing_NamesObjectAndField(string field)
    {
        var error = Assert.Throws<DigestFormatException>(() => DigestFileParser.Parse(Edit(d => d.Remove(field)), Name));

        Assert.Contains(Name, error.Message, StringComparison.Ordinal);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FieldNotValidUtf8_IsAFormatErrorNamingObjectAndField()
    {
        // Found by fuzzing (scripts/fuzz.sh digest): a value with a byte that is not UTF-8, or a value or a property
        // name escaping a lone surrogate, threw InvalidOperationException out of JsonElement.GetString / TryGetProperty.
        byte[] invalidByte = [.. "{\"digestSignatureAlgorithm\":\""u8, 0xFF, .. "\"}"u8];
        var loneSurrogate = "{\"digestSignatureAlgorithm\":\"\\ud800\"}"u8.ToArray();
        var loneSurrogateName = "{\"\\udc00\":1,\"awsAccountId\":\"1\"}"u8.ToArray();

        foreach (var json in new[] { invalidByte, loneSurrogate, loneSurrogateName })
        {
            var error = Assert.Throws<DigestFormatException>(() => DigestFileParser.Parse(json, Name));
            Assert.Equal($"{Name}: a name or value is not valid UTF-8 text", error.Message);
        }
    }

    [Fact]
    public void Parse_UnknownSignatureAlgorithm_SaysWhichAlgorithm()
    {
        var error = Assert.Throws<DigestFormatException>(() => DigestFileParser.Parse(Edit(d => d["digestSignatureAlgorithm"] = "SHA1withRSA"), Name));

        Assert.Contains("unknown digestSignatureAlgorithm 'SHA1withRSA'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownLogHashAlgorithm_NamesTheLogEntry()
    {
        var error = Assert.Throws<DigestFormatException>(() => DigestFileParser.Parse(Edit(d => d["logFiles"]![0]!["hashAlgorithm"] = "MD5"), Name));

        Assert.Contains("logFiles[0]: unknown hashAlgorithm 'MD5'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OnlySomePreviousFieldsSet_NamesTheMissingOnes()
    {
        var error = Assert.Throws<DigestFormatException>(() => DigestFileParser.Parse(Edit(d => d["previousDigestSignature"] = null), Name));

        Assert.Contains("previousDigestSignature missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EndTimeNotATime_SaysSo()
    {
        var error = Assert.Throws<DigestFormatException>(() => DigestFileParser.Parse(Edit(d => d["digestEndTime"] = "yesterday"), Name));

        Assert.Contains("digestEndTime 'yesterday' is not a UTC time", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Edit(Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(Sample)!.AsObject();
        edit(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}
