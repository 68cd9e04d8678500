using System.Security.Cryptography;
using System.Text;

namespace TrailWatcher.Detection.Alerts;

/// <summary>Derives an alert's id from what makes it unique, so a redelivered or rescanned event yields the same id.</summary>
public static class AlertId
{
    /// <summary>Hex of the first 16 bytes of SHA-256 over the rule id and the CloudTrail eventID.</summary>
    public static string For(string ruleId, string eventId) => Hash(Encoding.UTF8.GetBytes(ruleId + "\n" + eventId));

    /// <summary>For a record without an eventID: the rule id and the record's bytes stand in for it.</summary>
    public static string For(string ruleId, ReadOnlySpan<byte> recordJson)
    {
        var rule = Encoding.UTF8.GetBytes(ruleId + "\n#");
        var buffer = new byte[rule.Length + recordJson.Length];
        rule.CopyTo(buffer, 0);
        recordJson.CopyTo(buffer.AsSpan(rule.Length));
        return Hash(buffer);
    }

    /// <summary>An update's own id: the alert it continues and the last event it carries, so a repeated close gives the same id.</summary>
    public static string ForUpdate(string alertId, string lastEventId) => Hash(Encoding.UTF8.GetBytes("update\n" + alertId + "\n" + lastEventId));

    private static string Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
