namespace TrailWatcher.Sinks.Webhook;

/// <summary>What a webhook request carries: the alert itself, or a message for a Slack incoming webhook.</summary>
internal enum WebhookStyle
{
    Native,
    Slack,
}
