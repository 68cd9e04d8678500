using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using TrailWatcher.Aws;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks.AwsApi;

namespace TrailWatcher.Sinks.EventBridge;

/// <summary>Puts alerts on an EventBridge bus, ten per <c>PutEvents</c> (JSON 1.1, signed with SigV4); entries EventBridge refused are sent again alone.</summary>
internal sealed class EventBridgeAlertSink(EventBridgeSinkOptions options, AwsApiClient client) : IAlertSink, IDisposable
{
    private static readonly KeyValuePair<string, string>[] Headers = [new("X-Amz-Target", PutEventsRequest.Target)];

    public string Name => "eventbridge";

    public int MaxBatchSize => PutEventsRequest.MaxEntries;

    /// <summary>The sink for the configured bus, or a failure naming the setting when no region can be found.</summary>
    /// <param name="options">The sink's settings.</param>
    /// <param name="aws">The shared AWS settings (region, emulator endpoint).</param>
    /// <param name="time">Clock of the signatures.</param>
    /// <param name="credentials">Credentials; the SDK's default chain when null.</param>
    /// <param name="handler">The HTTP handler; a pooled one when null.</param>
    public static EventBridgeAlertSink Create(EventBridgeSinkOptions options, AwsOptions aws, TimeProvider time, Func<AWSCredentials>? credentials = null, HttpMessageHandler? handler = null)
    {
        var region = AwsEndpoints.Region(AwsEndpoints.RegionOfArn(options.EventBusName), options.Region, options.ServiceUrl, aws)
            ?? throw new InvalidOperationException("TrailWatcher:Sinks:EventBridge: no region; set TrailWatcher:Sinks:EventBridge:Region, TrailWatcher:Aws:Region or AWS_REGION, or give the bus as an ARN");
        return new EventBridgeAlertSink(options, new AwsApiClient("EventBridge", AwsEndpoints.Endpoint("events", region, options.ServiceUrl, aws), (credentials ?? (() => DefaultAWSCredentialsIdentityResolver.GetCredentials()), region, "events"), time, options.TimeoutSeconds, handler));
    }

    public async ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alerts.Count, MaxBatchSize);
        if (alerts.Count == 0)
        {
            return;
        }

        var answer = await client.PostAsync(PutEventsRequest.Body(alerts, options), PutEventsRequest.ContentType, Headers, PutEventsRequest.Error, cancellationToken).ConfigureAwait(false);
        var (failed, code, message) = PutEventsRequest.Failures(answer);
        if (failed.Count > 0)
        {
            // What EventBridge took stays taken; the retry carries only the refused entries.
            var reason = new AlertSinkException($"EventBridge refused {failed.Count} of {alerts.Count} events: {code}: {message}", permanent: false);
            throw new PartialDeliveryException([.. failed.Where(i => i < alerts.Count).Select(i => alerts[i])], reason);
        }
    }

    public void Dispose() => client.Dispose();
}
