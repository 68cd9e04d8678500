namespace TrailWatcher.Testing;

/// <summary>One request a <see cref="WebhookReceiver"/> saw, and the status it answered.</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body, int Status)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
