using TrailWatcher.Detection.Evaluation;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace TrailWatcher.Detection.Integrity;

/// <summary>Reads a digest file's uncompressed JSON into a <see cref="DigestFile"/>, refusing anything CloudTrail would not write.</summary>
public static class DigestFileParser
{
    /// <summary>The only signature algorithm CloudTrail documents for digests.</summary>
    public const string SignatureAlgorithm = "SHA256withRSA";

    /// <summary>The only hash algorithm CloudTrail documents for log files and previous digests.</summary>
    public const string HashAlgorithm = "SHA-256";

    /// <summary>Parses <paramref name="json"/>, the uncompressed digest read from <paramref name="objectName"/>.</summary>
    /// <exception cref="DigestFormatException">The JSON is malformed, a required field is missing, or an algorithm is not one CloudTrail uses.</exception>
    public static DigestFile Parse(ReadOnlySpan<byte> json, string objectName)
    {
        var contentHash = Convert.ToHexStringLower(SHA256.HashData(json));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException ex)
        {
            throw new DigestFormatException($"{objectName}: not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            // JsonDocument checks structure, not what is inside strings: a name or value that is not UTF-8 text (or
            // escapes a lone surrogate) would only fail when read, as an InvalidOperationException.
            if (!JsonTextCheck.IsReadable(json))
            {
                throw new DigestFormatException($"{objectName}: a name or value is not valid UTF-8 text");
            }

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new DigestFormatException($"{objectName}: a digest is a JSON object, this is {root.ValueKind}");
            }

            var fields = new Fields(root, objectName);
            var algorithm = fields.Required("digestSignatureAlgorithm");
            if (!string.Equals(algorithm, SignatureAlgorithm, StringComparison.Ordinal))
            {
                throw new DigestFormatException($"{objectName}: unknown digestSignatureAlgorithm '{algorithm}' (CloudTrail signs with {SignatureAlgorithm})");
            }

            var endText = fields.Required("digestEndTime");
            return new DigestFile
            {
                AccountId = fields.Required("awsAccountId"),
                StartTime = fields.Time("digestStartTime", fields.Required("digestStartTime")),
                EndTime = fields.Time("digestEndTime", endText),
                EndTimeText = endText,
                Bucket = fields.Required("digestS3Bucket"),
                Key = fields.Required("digestS3Object"),
                PublicKeyFingerprint = fields.Required("digestPublicKeyFingerprint"),
                Previous = ParsePrevious(fields, objectName),
                LogFiles = ParseLogFiles(root, objectName),
                ContentHash = contentHash,
            };
        }
    }

    private static PreviousDigest? ParsePrevious(Fields fields, string objectName)
    {
        string[] names = ["previousDigestS3Bucket", "previousDigestS3Object", "previousDigestHashValue", "previousDigestHashAlgorithm", "previousDigestSignature"];
        var values = names.Select(fields.Optional).ToArray();
        if (values.All(v => v is null))
        {
            // A starting digest: CloudTrail leaves every previous-digest field null.
            return null;
        }

        var missing = names.Where((_, i) => values[i] is null).ToList();
        if (missing.Count > 0)
        {
            throw new DigestFormatException($"{objectName}: {string.Join(", ", missing)} missing while the other previous-digest fields are set");
        }

        if (!string.Equals(values[3], HashAlgorithm, StringComparison.Ordinal))
        {
            throw new DigestFormatException($"{objectName}: unknown previousDigestHashAlgorithm '{values[3]}' (CloudTrail hashes with {HashAlgorithm})");
        }

        return new PreviousDigest(values[0]!, values[1]!, values[2]!, values[4]!);
    }

    private static List<DigestLogFile> ParseLogFiles(JsonElement root, string objectName)
    {
        if (!root.TryGetProperty("logFiles", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new DigestFormatException($"{objectName}: logFiles missing or not an array");
        }

        var files = new List<DigestLogFile>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"{objectName}: logFiles[{index}]");
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new DigestFormatException($"{where} is not an object");
            }

            var fields = new Fields(item, where);
            var algorithm = fields.Required("hashAlgorithm");
            if (!string.Equals(algorithm, HashAlgorithm, StringComparison.Ordinal))
            {
                throw new DigestFormatException($"{where}: unknown hashAlgorithm '{algorithm}' (CloudTrail hashes with {HashAlgorithm})");
            }

            var oldest = fields.Optional("oldestEventTime");
            var newest = fields.Optional("newestEventTime");
            files.Add(new DigestLogFile(
                fields.Required("s3Bucket"),
                fields.Required("s3Object"),
                fields.Required("hashValue"),
                oldest is null ? null : fields.Time("oldestEventTime", oldest),
                newest is null ? null : fields.Time("newestEventTime", newest)));
            index++;
        }

        return files;
    }

    private readonly struct Fields(JsonElement element, string where)
    {
        public string Required(string name) =>
            Optional(name) ?? throw new DigestFormatException($"{where}: {name} missing");

        public string? Optional(string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw new DigestFormatException($"{where}: {name} is {value.ValueKind}, not a string");
        }

        public DateTimeOffset Time(string name, string text) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                ? time
                : throw new DigestFormatException($"{where}: {name} '{text}' is not a UTC time");
    }
}
