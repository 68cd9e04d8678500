using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using TrailWatcher.Aws;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks.AwsApi;

namespace TrailWatcher.Sinks.Sns;

/// <summary>Publishes each alert to an SNS topic (query API <c>Publish</c>, signed with SigV4), so any subscriber (queue, Lambda, e-mail) gets it.</summary>
internal sealed class SnsAlertSink(SnsSinkOptions options, AwsApiClient client) : IAlertSink, IDisposable
{
    public string Name => "sns";

    // Publish takes one message per request.
    public int MaxBatchSize => 1;

    /// <summary>The sink for the configured topic, signing in the topic's region.</summary>
    /// <param name="options">The sink's settings (validated: the topic ARN names a region).</param>
    /// <param name="aws">The shared AWS settings (emulator endpoint).</param>
    /// <param name="time">Clock of the signatures.</param>
    /// <param name="credentials">Credentials; the SDK's default chain when null.</param>
    /// <param name="handler">The HTTP handler; a pooled one when null.</param>
    public static SnsAlertSink Create(SnsSinkOptions options, AwsOptions aws, TimeProvider time, Func<AWSCredentials>? credentials = null, HttpMessageHandler? handler = null)
    {
        var region = AwsEndpoints.RegionOfArn(options.TopicArn) ?? throw new InvalidOperationException("TrailWatcher:Sinks:Sns:TopicArn names no region");
        return new SnsAlertSink(options, new AwsApiClient("SNS", AwsEndpoints.Endpoint("sns", region, options.ServiceUrl, aws), (credentials ?? (() => DefaultAWSCredentialsIdentityResolver.GetCredentials()), region, "sns"), time, options.TimeoutSeconds, handler));
    }

    public async ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alerts.Count, MaxBatchSize);
        if (alerts.Count > 0)
        {
            var body = SnsPublishRequest.Encode(SnsPublishRequest.Form(alerts[0], options));
            await client.PostAsync(body, SnsPublishRequest.ContentType, [], SnsPublishRequest.Error, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => client.Dispose();
}
