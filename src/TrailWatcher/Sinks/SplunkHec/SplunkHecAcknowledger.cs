using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TrailWatcher.Sinks.Http;

namespace TrailWatcher.Sinks.SplunkHec;

/// <summary>Polls <c>/services/collector/ack</c> on the sink's channel until the indexers acknowledged one request, or its time is up.</summary>
/// <remarks>
/// HEC answers 200 as soon as a request looks valid; only the acknowledgment says the events were indexed. An
/// acknowledgment that never comes fails the attempt, so the batch is sent again: a repeat is possible (the alert id
/// tells it apart), a loss is not.
/// </remarks>
internal sealed class SplunkHecAcknowledger(HttpSinkClient http, Uri ackUrl, string authorization, string channel, SplunkHecSinkOptions options, TimeProvider time)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <summary>Returns once <paramref name="ackId"/> is acknowledged; throws a retryable <see cref="AlertSinkException"/> when it was not in time.</summary>
    public async Task WaitAsync(long ackId, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var timeout = TimeSpan.FromSeconds(options.AckTimeoutSeconds);
        var interval = TimeSpan.FromSeconds(options.AckPollIntervalSeconds);
        AlertSinkException? lastRefusal = null;

        // Bounded by the timeout (and, above it, by the attempt's own timeout).
        while (true)
        {
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            try
            {
                if (await IsAcknowledgedAsync(ackId, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                lastRefusal = null;
            }
            catch (AlertSinkException ex) when (!ex.Permanent)
            {
                // A busy or briefly unreachable collector may still acknowledge in time: keep asking.
                lastRefusal = ex;
            }

            if (time.GetElapsedTime(started) >= timeout)
            {
                var why = lastRefusal is null ? "" : $"; last query: {lastRefusal.Message}";
                throw new AlertSinkException(
                    $"{http.Destination}: events (ackId {ackId.ToString(CultureInfo.InvariantCulture)}) not acknowledged by the indexers within {options.AckTimeoutSeconds:0.#} s{why}",
                    permanent: false);
            }
        }
    }

    private async Task<bool> IsAcknowledgedAsync(long ackId, CancellationToken cancellationToken)
    {
        var id = ackId.ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, ackUrl)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"acks\":[{id}]}}")),
        };
        request.Content.Headers.ContentType = Json;
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.TryAddWithoutValidation(SplunkHecAlertSink.ChannelHeader, channel);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await http.RefusedAsync(response, SplunkHecAnswer.Parse(body).Describe(), cancellationToken).ConfigureAwait(false);
        }

        // {"acks":{"7":true}}
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("acks", out var acks)
                && acks.ValueKind == JsonValueKind.Object
                && acks.TryGetProperty(id, out var acknowledged)
                && acknowledged.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
