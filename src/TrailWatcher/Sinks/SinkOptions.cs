using TrailWatcher.Sinks.EventBridge;
using TrailWatcher.Sinks.OpenSearch;
using TrailWatcher.Sinks.Opsgenie;
using TrailWatcher.Sinks.PagerDuty;
using TrailWatcher.Sinks.Sns;
using TrailWatcher.Sinks.SplunkHec;
using TrailWatcher.Sinks.Syslog;
using TrailWatcher.Sinks.Sqs;
using TrailWatcher.Sinks.Teams;
using TrailWatcher.Sinks.Webhook;

namespace TrailWatcher.Sinks;

/// <summary>Where alerts go (<c>TrailWatcher:Sinks</c>): every enabled sink gets every alert.</summary>
internal sealed class SinkOptions
{
    public const string Section = "TrailWatcher:Sinks";

    public ConsoleSinkOptions Console { get; set; } = new();

    public FileSinkOptions File { get; set; } = new();

    public SplunkHecSinkOptions SplunkHec { get; set; } = new();

    public OpenSearchSinkOptions OpenSearch { get; set; } = new();

    public SyslogSinkOptions Syslog { get; set; } = new();

    public WebhookSinkOptions Webhook { get; set; } = new();

    public SqsSinkOptions Sqs { get; set; } = new();

    public PagerDutySinkOptions PagerDuty { get; set; } = new();

    public OpsgenieSinkOptions Opsgenie { get; set; } = new();

    public TeamsSinkOptions Teams { get; set; } = new();

    public SnsSinkOptions Sns { get; set; } = new();

    public EventBridgeSinkOptions EventBridge { get; set; } = new();

    /// <summary>Every sink's section with the name of its setting, in the order above.</summary>
    public IEnumerable<(string Name, AlertSinkOptions Options)> Named() =>
    [
        (nameof(Console), Console), (nameof(File), File), (nameof(SplunkHec), SplunkHec), (nameof(OpenSearch), OpenSearch),
        (nameof(Syslog), Syslog), (nameof(Webhook), Webhook), (nameof(Sqs), Sqs), (nameof(PagerDuty), PagerDuty),
        (nameof(Opsgenie), Opsgenie), (nameof(Teams), Teams), (nameof(Sns), Sns), (nameof(EventBridge), EventBridge),
    ];

    public bool AnyEnabled => Console.Enabled || File.Enabled || SplunkHec.Enabled || OpenSearch.Enabled || Syslog.Enabled
        || Webhook.Enabled || Sqs.Enabled || PagerDuty.Enabled || Opsgenie.Enabled || Teams.Enabled || Sns.Enabled || EventBridge.Enabled;
}
