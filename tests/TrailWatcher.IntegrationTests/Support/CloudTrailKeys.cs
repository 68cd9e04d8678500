namespace TrailWatcher.IntegrationTests.Support;

/// <summary>Object keys laid out as CloudTrail writes them, and S3's URL encoding of keys in event notifications.</summary>
internal static class CloudTrailKeys
{
    private const string Prefix = "AWSLogs/111111111111/CloudTrail/us-east-1/2024/01/15/";

    /// <summary>A log file key; <paramref name="suffix"/> stands where CloudTrail puts its random part.</summary>
    public static string Log(string suffix) => $"{Prefix}111111111111_CloudTrail_us-east-1_20240115T1045Z_{suffix}.json.gz";

    /// <summary>A digest file key: the worker must skip these (they hold hashes, not events).</summary>
    public static string Digest(string suffix) =>
        $"AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2024/01/15/111111111111_CloudTrail-Digest_us-east-1_{suffix}_us-east-1_20240115T104500Z.json.gz";

    /// <summary>Encodes a key as S3 does in event notifications: form encoding (space → '+', '+' → %2B, '=' → %3D) with '/' kept.</summary>
    public static string S3UrlEncode(string key) =>
        Uri.EscapeDataString(key).Replace("%20", "+", StringComparison.Ordinal).Replace("%2F", "/", StringComparison.Ordinal);
}
