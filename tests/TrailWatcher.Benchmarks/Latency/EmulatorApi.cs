using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>The few S3 and SQS calls the benchmark makes, as plain HTTP: the emulator checks no signatures, and the benchmark needs no AWS SDK.</summary>
internal sealed class EmulatorApi(Uri serviceUrl) : IDisposable
{
    /// <summary>SendMessageBatch takes at most this many entries.</summary>
    public const int MaxBatch = 10;

    private static readonly MediaTypeHeaderValue SqsJson = new("application/x-amz-json-1.0");
    private static readonly MediaTypeHeaderValue Octets = new("application/octet-stream");

    private readonly HttpClient _http = new() { BaseAddress = serviceUrl, Timeout = TimeSpan.FromSeconds(30) };

    public async Task CreateBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        using var response = await _http.PutAsync(new Uri(bucket, UriKind.Relative), null, cancellationToken).ConfigureAwait(false);
        await Succeeded(response, $"CreateBucket {bucket}", cancellationToken).ConfigureAwait(false);
    }

    public async Task PutObjectAsync(string bucket, string key, byte[] body, CancellationToken cancellationToken)
    {
        // Without an explicit binary type the emulator tries to parse the body as a form.
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Octets;
        using var response = await _http.PutAsync(new Uri($"{bucket}/{key}", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        await Succeeded(response, $"PutObject {key}", cancellationToken).ConfigureAwait(false);
    }

    public Task CreateQueueAsync(string name, CancellationToken cancellationToken) =>
        SqsAsync("CreateQueue", w => w.WriteString("QueueName", name), cancellationToken);

    public Task SendAsync(string queueUrl, string body, CancellationToken cancellationToken) =>
        SqsAsync(
            "SendMessage",
            w =>
            {
                w.WriteString("QueueUrl", queueUrl);
                w.WriteString("MessageBody", body);
            },
            cancellationToken);

    /// <summary>Up to <see cref="MaxBatch"/> messages in one call; any entry the queue refused is an error.</summary>
    public async Task SendBatchAsync(string queueUrl, IReadOnlyList<string> bodies, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bodies.Count, MaxBatch);
        var answer = await SqsAsync(
            "SendMessageBatch",
            w =>
            {
                w.WriteString("QueueUrl", queueUrl);
                w.WriteStartArray("Entries");
                for (var i = 0; i < bodies.Count; i++)
                {
                    w.WriteStartObject();
                    w.WriteString("Id", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    w.WriteString("MessageBody", bodies[i]);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            },
            cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(answer);
        if (document.RootElement.TryGetProperty("Failed", out var failed) && failed.GetArrayLength() > 0)
        {
            throw new InvalidOperationException($"SendMessageBatch refused {failed.GetArrayLength()} of {bodies.Count} messages: {answer}");
        }
    }

    /// <summary>The S3 event notification for one created object, as the trail bucket would send it.</summary>
    /// <remarks>S3 URL-encodes the key; the generator's keys hold only characters that encode to themselves.</remarks>
    public static string ObjectCreated(string bucket, string key, long size)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("Records");
            w.WriteStartObject();
            w.WriteString("eventVersion", "2.1");
            w.WriteString("eventSource", "aws:s3");
            w.WriteString("awsRegion", "us-east-1");
            w.WriteString("eventTime", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("eventName", "ObjectCreated:Put");
            w.WriteStartObject("s3");
            w.WriteString("s3SchemaVersion", "1.0");
            w.WriteStartObject("bucket");
            w.WriteString("name", bucket);
            w.WriteString("arn", $"arn:aws:s3:::{bucket}");
            w.WriteEndObject();
            w.WriteStartObject("object");
            w.WriteString("key", key);
            w.WriteNumber("size", size);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> SqsAsync(string action, Action<Utf8JsonWriter> body, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/", UriKind.Relative))
        {
            Content = new ByteArrayContent(buffer.WrittenSpan.ToArray()),
        };
        request.Content.Headers.ContentType = SqsJson;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSQS." + action);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await Succeeded(response, action, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> Succeeded(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? text
            : throw new InvalidOperationException($"{what} failed with {(int)response.StatusCode}: {(text.Length > 500 ? text[..500] : text)}");
    }
}
