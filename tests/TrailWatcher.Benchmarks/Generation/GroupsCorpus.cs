using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace TrailWatcher.Benchmarks.Generation;

/// <summary>
/// A log file of refused IAM calls, either each by its own user or all by one: the first opens one dedup group
/// (<c>AWS.IAMUser.ReconAccessDenied</c>, keyed by user) and one correlation group (the reconnaissance burst, grouped by
/// user) per record, the second a single one of each, so the two scans differ only in how many groups are open.
/// </summary>
internal static class GroupsCorpus
{
    private const string Account = "111122223333";
    private static readonly string[] Calls = ["ListUsers", "ListRoles", "ListPolicies", "GetAccountAuthorizationDetails", "ListGroups"];

    /// <summary>Writes <paramref name="records"/> refused calls into <paramref name="path"/>, by <paramref name="users"/> distinct users in turn; returns the JSON's length.</summary>
    public static long Write(string path, int records, int users)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var json = new Utf8JsonWriter(gzip);
        var start = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);
        json.WriteStartObject();
        json.WriteStartArray("Records"u8);
        for (var i = 0; i < records; i++)
        {
            // One record every 0.3 s: 10,000 of them span 50 minutes, past the 15-minute dedup and 10-minute correlation windows.
            var time = start.AddMilliseconds(300.0 * i);
            var user = string.Create(CultureInfo.InvariantCulture, $"bench-user-{i % users:D5}");
            var call = Calls[i % Calls.Length];
            json.WriteStartObject();
            json.WriteString("eventVersion"u8, "1.08");
            json.WriteStartObject("userIdentity"u8);
            json.WriteString("type"u8, "IAMUser");
            json.WriteString("principalId"u8, string.Create(CultureInfo.InvariantCulture, $"AIDA{i % users:D17}"));
            json.WriteString("arn"u8, $"arn:aws:iam::{Account}:user/{user}");
            json.WriteString("accountId"u8, Account);
            json.WriteString("accessKeyId"u8, string.Create(CultureInfo.InvariantCulture, $"AKIA{i % users:D16}"));
            json.WriteString("userName"u8, user);
            json.WriteEndObject();
            json.WriteString("eventTime"u8, time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            json.WriteString("eventSource"u8, "iam.amazonaws.com");
            json.WriteString("eventName"u8, call);
            json.WriteString("awsRegion"u8, "us-east-1");
            json.WriteString("sourceIPAddress"u8, "203.0.113.24");
            json.WriteString("userAgent"u8, "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8 exec-env/CloudShell");
            json.WriteString("errorCode"u8, "AccessDenied");
            json.WriteString("errorMessage"u8, $"User: arn:aws:iam::{Account}:user/{user} is not authorized to perform: iam:{call} on resource: arn:aws:iam::{Account}:user/");
            json.WriteNull("requestParameters"u8);
            json.WriteNull("responseElements"u8);
            json.WriteString("requestID"u8, Guid.CreateVersion7(time).ToString());
            json.WriteString("eventID"u8, Guid.CreateVersion7(time.AddTicks(1)).ToString());
            json.WriteBoolean("readOnly"u8, true);
            json.WriteString("eventType"u8, "AwsApiCall");
            json.WriteBoolean("managementEvent"u8, true);
            json.WriteString("recipientAccountId"u8, Account);
            json.WriteString("eventCategory"u8, "Management");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        return json.BytesCommitted;
    }
}
