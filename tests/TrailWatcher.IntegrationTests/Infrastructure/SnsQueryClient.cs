using System.Globalization;
using System.Xml.Linq;

namespace TrailWatcher.IntegrationTests.Infrastructure;

/// <summary>Minimal SNS client over the query API (form-encoded POST, XML answers); no SNS SDK package is available.</summary>
/// <remarks>
/// Requests are unsigned: neither fauxqs nor LocalStack checks signatures, and both fall back to
/// us-east-1 and account 000000000000 when no Authorization header names a region.
/// </remarks>
internal sealed class SnsQueryClient(HttpClient http, Uri serviceUrl)
{
    private const string ApiVersion = "2010-03-31";

    /// <summary>Creates (or returns the existing) topic and gives its ARN.</summary>
    public async Task<string> CreateTopicAsync(string name, CancellationToken cancellationToken)
    {
        var result = await SendAsync("CreateTopic", [new("Name", name)], cancellationToken).ConfigureAwait(false);
        return Single(result, "TopicArn");
    }

    /// <summary>Subscribes an SQS queue to a topic and gives the subscription ARN.</summary>
    public async Task<string> SubscribeQueueAsync(string topicArn, string queueArn, CancellationToken cancellationToken)
    {
        var result = await SendAsync(
            "Subscribe",
            [new("TopicArn", topicArn), new("Protocol", "sqs"), new("Endpoint", queueArn), new("ReturnSubscriptionArn", "true")],
            cancellationToken).ConfigureAwait(false);
        return Single(result, "SubscriptionArn");
    }

    /// <summary>Sets one attribute (e.g. RawMessageDelivery) of a subscription.</summary>
    public Task SetSubscriptionAttributeAsync(string subscriptionArn, string attributeName, string attributeValue, CancellationToken cancellationToken) =>
        SendAsync(
            "SetSubscriptionAttributes",
            [new("SubscriptionArn", subscriptionArn), new("AttributeName", attributeName), new("AttributeValue", attributeValue)],
            cancellationToken);

    /// <summary>Publishes a message with optional String message attributes and gives the SNS message id.</summary>
    public async Task<string> PublishAsync(string topicArn, string message, string? subject, IReadOnlyDictionary<string, string>? stringAttributes, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("TopicArn", topicArn), new("Message", message) };
        if (subject is not null)
        {
            form.Add(new("Subject", subject));
        }

        var index = 0;
        foreach (var (name, value) in stringAttributes ?? new Dictionary<string, string>())
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"MessageAttributes.entry.{++index}.");
            form.Add(new(prefix + "Name", name));
            form.Add(new(prefix + "Value.DataType", "String"));
            form.Add(new(prefix + "Value.StringValue", value));
        }

        var result = await SendAsync("Publish", form, cancellationToken).ConfigureAwait(false);
        return Single(result, "MessageId");
    }

    private static string Single(XDocument document, string elementName) =>
        document.Descendants().FirstOrDefault(e => e.Name.LocalName == elementName)?.Value
        ?? throw new InvalidOperationException($"SNS answer has no <{elementName}>:\n{document}");

    private async Task<XDocument> SendAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", ApiVersion) };
        form.AddRange(parameters);
        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync(serviceUrl, content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"SNS {action} failed with {(int)response.StatusCode}:\n{body}", null, response.StatusCode);
        }

        return XDocument.Parse(body);
    }
}
