using System.Globalization;
using System.Net;
using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Sinks.Sqs;

/// <summary>Sends alerts to an SQS queue, ten per SendMessageBatch, with rule id, severity and alert id as message attributes.</summary>
/// <remarks>
/// On a FIFO queue the alert id is the deduplication id, so a redelivered alert within SQS's five-minute window is
/// dropped by SQS itself, and the rule id is the group, so one noisy rule does not hold up the others.
/// Entries SQS refused are reported as undelivered and only they are sent again.
/// </remarks>
internal sealed class SqsAlertSink(IAmazonSQS sqs, SqsSinkOptions options, bool ownsClient) : IAlertSink, IDisposable
{
    /// <summary>SQS's limit for one SendMessageBatch.</summary>
    public const int MaxEntries = 10;

    public string Name => "sqs";

    public int MaxBatchSize => MaxEntries;

    /// <summary>One SendMessageBatch for up to <see cref="MaxEntries"/> alerts.</summary>
    public async ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alerts.Count, MaxEntries);
        if (alerts.Count > 0)
        {
            await SendAsync(alerts, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (ownsClient)
        {
            sqs.Dispose();
        }
    }

    /// <summary>The request for up to ten alerts; entry ids are their positions.</summary>
    public SendMessageBatchRequest BuildRequest(IReadOnlyList<Alert> alerts)
    {
        var entries = new List<SendMessageBatchRequestEntry>(alerts.Count);
        for (var i = 0; i < alerts.Count; i++)
        {
            var alert = alerts[i];
            var entry = new SendMessageBatchRequestEntry
            {
                // Positions, not alert ids: a batch may hold the same alert twice, and entry ids must be distinct.
                Id = i.ToString(CultureInfo.InvariantCulture),
                MessageBody = Encoding.UTF8.GetString(AlertPayload.ToUtf8(alert, options.Format)),
                MessageAttributes = new Dictionary<string, MessageAttributeValue>
                {
                    ["rule_id"] = Text(alert.RuleId),
                    ["severity"] = Text(SeverityNames.Name(alert.Severity)),
                    ["alert_id"] = Text(alert.Id),
                    ["kind"] = Text(AlertKindNames.Name(alert.Kind)),
                },
            };
            if (options.IsFifo)
            {
                entry.MessageDeduplicationId = alert.Id;
                entry.MessageGroupId = alert.RuleId;
            }

            entries.Add(entry);
        }

        return new SendMessageBatchRequest { QueueUrl = options.QueueUrl, Entries = entries };
    }

    private async Task SendAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        SendMessageBatchResponse response;
        try
        {
            response = await sqs.SendMessageBatchAsync(BuildRequest(alerts), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonSQSException ex)
        {
            throw new AlertSinkException($"SQS {ex.ErrorCode ?? ex.StatusCode.ToString()}: {ex.Message}", IsPermanent(ex), ex);
        }

        // SDK v4 leaves a collection null when the answer has none.
        var failed = response.Failed ?? [];
        if (failed.Count == 0)
        {
            return;
        }

        var undelivered = failed.Select(f => alerts[int.Parse(f.Id, CultureInfo.InvariantCulture)]).ToList();
        var first = failed[0];
        var reason = new AlertSinkException($"SQS refused {failed.Count} of {alerts.Count} messages: {first.Code}: {first.Message}", failed.All(f => f.SenderFault == true));
        throw new PartialDeliveryException(undelivered, reason);
    }

    private static MessageAttributeValue Text(string value) => new() { DataType = "String", StringValue = value };

    private static bool IsPermanent(AmazonSQSException exception) =>
        exception is QueueDoesNotExistException
        || exception.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
            && exception.ErrorCode is not ("ThrottlingException" or "RequestThrottled" or "Throttling");
}
