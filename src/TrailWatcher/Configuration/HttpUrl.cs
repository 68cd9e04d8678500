namespace TrailWatcher.Configuration;

/// <summary>An absolute http or https URL: what every URL setting (a sink's endpoint, an AWS endpoint override) must be, and the only link a Slack message makes clickable.</summary>
internal static class HttpUrl
{
    public static bool IsAbsolute(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
