using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TrailWatcher.Testing;

/// <summary>
/// Writes a small CloudTrail trail with log file validation on: gzipped logs and hourly digests, each signed with an
/// RSA key made here, laid out and signed as AWS's "custom implementations of log file integrity validation" describes.
/// </summary>
/// <remarks>
/// The signing string is written out here from the documentation rather than taken from the code under test, so a
/// mistake there makes signatures fail instead of agreeing with itself.
/// </remarks>
public sealed class SignedTrail : IDisposable
{
    private readonly Dictionary<string, TrailObject> _objects = new(StringComparer.Ordinal);
    private readonly List<string> _digestKeys = [];
    private TrailObject? _lastDigest;
    private string? _lastDigestKey;
    private int _logNumber;

    public SignedTrail(string bucket, string accountId = "111122223333", string region = "us-east-1", string trail = "management-events", string? organizationId = null, string keyPrefix = "")
    {
        Bucket = bucket;
        AccountId = accountId;
        Region = region;
        Trail = trail;
        Root = organizationId is null ? $"{keyPrefix}AWSLogs/{accountId}" : $"{keyPrefix}AWSLogs/{organizationId}/{accountId}";
        Key = RSA.Create(2048);
        Fingerprint = FingerprintOf(Key);
    }

    public string Bucket { get; }

    public string AccountId { get; }

    public string Region { get; }

    public string Trail { get; }

    /// <summary>[PREFIX]AWSLogs/ACCOUNT or [PREFIX]AWSLogs/ORG/ACCOUNT (a prefix ends with '/').</summary>
    public string Root { get; }

    /// <summary>CloudTrail's key for this region, as far as these tests know.</summary>
    public RSA Key { get; }

    public string Fingerprint { get; }

    /// <summary>Every object written so far, by key; change or remove entries to tamper with the trail.</summary>
    public Dictionary<string, TrailObject> Objects => _objects;

    /// <summary>The digest keys in the order they were written.</summary>
    public IReadOnlyList<string> DigestKeys => _digestKeys;

    /// <summary>The public key file as <c>aws cloudtrail list-public-keys</c> prints it.</summary>
    public string PublicKeyFile(params RSA[] more) =>
        new JsonObject
        {
            ["PublicKeyList"] = new JsonArray([.. new[] { Key }.Concat(more).Select(k => (JsonNode)new JsonObject
            {
                ["Value"] = Convert.ToBase64String(k.ExportSubjectPublicKeyInfo()),
                ["ValidityStartTime"] = "2024-01-01T00:00:00+00:00",
                ["ValidityEndTime"] = "2024-02-01T00:00:00+00:00",
                ["Fingerprint"] = FingerprintOf(k),
            })]),
        }.ToJsonString();

    /// <summary>Writes a gzipped log file of <paramref name="records"/> delivered at <paramref name="time"/>; gives its key.</summary>
    public string AddLog(DateTimeOffset time, params JsonNode[] records)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{Root}/CloudTrail/{Region}/{time:yyyy/MM/dd}/{AccountId}_CloudTrail_{Region}_{time:yyyyMMdd'T'HHmm'Z'}_log{++_logNumber:D4}.json.gz");
        _objects[key] = new TrailObject(Gzip(Encoding.UTF8.GetBytes(TrailFiles.Document(records))), null);
        return key;
    }

    /// <summary>Writes the next digest of the chain, ending at <paramref name="end"/> and listing <paramref name="logKeys"/>; gives its key.</summary>
    /// <param name="end">digestEndTime; the digest covers the hour before it.</param>
    /// <param name="logKeys">Log files of this trail to list, hashed as they are now.</param>
    /// <param name="edit">Changes the digest's JSON before it is signed (what CloudTrail itself would have written wrongly).</param>
    /// <param name="signWith">Another key to sign with (a forger's).</param>
    /// <param name="backfill">A backfill digest: named <c>_backfill</c>, beside the chain rather than in it.</param>
    public string AddDigest(DateTimeOffset end, IEnumerable<string> logKeys, Action<JsonObject>? edit = null, RSA? signWith = null, bool backfill = false)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{Root}/CloudTrail-Digest/{Region}/{end:yyyy/MM/dd}/{AccountId}_CloudTrail-Digest_{Region}_{Trail}_{Region}_{end:yyyyMMdd'T'HHmmss'Z'}{(backfill ? "_backfill" : "")}.json.gz");
        var previous = backfill ? null : _lastDigest;
        var json = new JsonObject
        {
            ["awsAccountId"] = AccountId,
            ["digestStartTime"] = Time(end.AddHours(-1)),
            ["digestEndTime"] = Time(end),
            ["digestS3Bucket"] = Bucket,
            ["digestS3Object"] = key,
            ["digestPublicKeyFingerprint"] = Fingerprint,
            ["digestSignatureAlgorithm"] = "SHA256withRSA",
            ["newestEventTime"] = null,
            ["oldestEventTime"] = null,
            ["previousDigestS3Bucket"] = previous is null ? null : Bucket,
            ["previousDigestS3Object"] = previous is null ? null : _lastDigestKey,
            ["previousDigestHashValue"] = previous is null ? null : Convert.ToHexStringLower(SHA256.HashData(Gunzip(previous.Content))),
            ["previousDigestHashAlgorithm"] = previous is null ? null : "SHA-256",
            ["previousDigestSignature"] = previous?.Signature,
            ["logFiles"] = new JsonArray([.. logKeys.Select(k => (JsonNode)new JsonObject
            {
                ["s3Bucket"] = Bucket,
                ["s3Object"] = k,
                ["hashValue"] = Convert.ToHexStringLower(SHA256.HashData(Gunzip(_objects[k].Content))),
                ["hashAlgorithm"] = "SHA-256",
                ["newestEventTime"] = Time(end.AddMinutes(-5)),
                ["oldestEventTime"] = Time(end.AddMinutes(-55)),
            })]),
        };
        edit?.Invoke(json);
        var content = Encoding.UTF8.GetBytes(json.ToJsonString());
        var signature = Sign(json, content, signWith ?? Key);
        var digest = new TrailObject(Gzip(content), signature);
        _objects[key] = digest;
        _digestKeys.Add(key);
        if (!backfill)
        {
            _lastDigest = digest;
            _lastDigestKey = key;
        }

        return key;
    }

    /// <summary>Replaces a log file's content with another document (still gzipped), as someone editing the bucket would.</summary>
    public void ReplaceLog(string key, params JsonNode[] records) =>
        _objects[key] = new TrailObject(Gzip(Encoding.UTF8.GetBytes(TrailFiles.Document(records))), null);

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    public static byte[] Gunzip(byte[] content)
    {
        using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    public void Dispose() => Key.Dispose();

    private static string Sign(JsonObject json, byte[] content, RSA key)
    {
        // Data_To_Sign_String = end time + '\n' + bucket/key + '\n' + hex(SHA-256(uncompressed digest)) + '\n' + previous signature.
        var previousSignature = json["previousDigestSignature"]?.GetValue<string>() ?? "null";
        var text = $"{json["digestEndTime"]!.GetValue<string>()}\n{json["digestS3Bucket"]!.GetValue<string>()}/{json["digestS3Object"]!.GetValue<string>()}\n{Convert.ToHexStringLower(SHA256.HashData(content))}\n{previousSignature}";
        return Convert.ToHexStringLower(key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static string FingerprintOf(RSA key) => Convert.ToHexStringLower(MD5.HashData(key.ExportSubjectPublicKeyInfo()));

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
