namespace TrailWatcher.Telemetry;

/// <summary>The account and region a CloudTrail object belongs to, read from its key: <c>…/AWSLogs/[org/]ACCOUNT/CloudTrail/REGION/…</c>.</summary>
internal static class TrailLocation
{
    public const string Unknown = "unknown";

    public static (string Account, string Region) From(string keyOrPath)
    {
        var parts = keyOrPath.Replace('\\', '/').Split('/');
        for (var i = 1; i < parts.Length - 1; i++)
        {
            if (parts[i] is "CloudTrail" or "CloudTrail-Insight")
            {
                return (parts[i - 1], parts[i + 1]);
            }
        }

        return (Unknown, Unknown);
    }
}
