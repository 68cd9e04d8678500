using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks.Http;

namespace TrailWatcher.Sinks.Teams;

/// <summary>Posts one Adaptive Card per alert to a Teams channel's Workflows or incoming-webhook URL.</summary>
/// <remarks>Teams has no idempotency key: a redelivered alert shows twice, recognisable by the alert id on the card.</remarks>
internal sealed class TeamsAlertSink : IAlertSink, IDisposable
{
    private readonly JsonAlertPoster _poster;

    /// <param name="options">The channel's URL.</param>
    /// <param name="time">Clock against which a <c>Retry-After</c> date is read.</param>
    /// <param name="handler">The HTTP handler; a pooled one when null.</param>
    public TeamsAlertSink(TeamsSinkOptions options, TimeProvider time, HttpMessageHandler? handler = null)
    {
        _poster = new JsonAlertPoster(
            "Teams",
            new Uri(options.Url ?? throw new ArgumentException("TrailWatcher:Sinks:Teams:Url is not set", nameof(options)), UriKind.Absolute),
            [],
            options.TimeoutSeconds,
            time,
            handler);
    }

    public string Name => "teams";

    // One card per message: a channel reads alerts one by one.
    public int MaxBatchSize => 1;

    public ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken) =>
        _poster.PostOneAsync(alerts, TeamsCard.Write, cancellationToken);

    public void Dispose() => _poster.Dispose();
}
