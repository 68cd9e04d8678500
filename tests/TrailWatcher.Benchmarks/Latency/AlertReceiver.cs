using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>A minimal HTTP/1.1 endpoint on loopback for the worker's webhook sink: timestamps each POST as it completes and answers 204.</summary>
/// <remarks>
/// Plain sockets rather than a web server: nothing between the bytes arriving and the timestamp, and no framework
/// threads competing with the worker on a small machine. It understands exactly what the sink sends: a request with
/// Content-Length, kept alive.
/// </remarks>
internal sealed class AlertReceiver : IAsyncDisposable
{
    private const int MaxHeaderBytes = 16 * 1024;
    private const int MaxBodyBytes = 4 * 1024 * 1024;
    private const int MaxAlerts = 2_000_000;
    private static readonly byte[] NoContent = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"u8.ToArray();

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedAlert> _alerts = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private Task _accepting = Task.CompletedTask;
    private int _count;
    private int _malformed;

    public Uri Url { get; private set; } = null!;

    /// <summary>Alerts received so far, all phases.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Requests whose body was not a JSON alert (or array of alerts) with an event_id.</summary>
    public int Malformed => Volatile.Read(ref _malformed);

    public static AlertReceiver Start()
    {
        var receiver = new AlertReceiver();
        receiver._listener.Start();
        var port = ((IPEndPoint)receiver._listener.LocalEndpoint).Port;
        receiver.Url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/alerts"));
        receiver._accepting = receiver.AcceptAsync();
        return receiver;
    }

    /// <summary>Alerts that arrived at or after <paramref name="since"/> (Stopwatch ticks).</summary>
    public List<ReceivedAlert> Since(long since) => [.. _alerts.Where(a => a.ArrivedAt >= since)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(_connections).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        client.NoDelay = true;
        var stream = client.GetStream();
        var header = new byte[MaxHeaderBytes];
        var body = new byte[64 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var headerLength = await ReadHeaderAsync(stream, header, _stop.Token).ConfigureAwait(false);
                if (headerLength < 0)
                {
                    return;
                }

                var length = ContentLength(Encoding.ASCII.GetString(header, 0, headerLength));
                if (length is < 0 or > MaxBodyBytes)
                {
                    return;
                }

                if (body.Length < length)
                {
                    body = new byte[length];
                }

                await stream.ReadExactlyAsync(body.AsMemory(0, length), _stop.Token).ConfigureAwait(false);
                // Taken before parsing and answering: the alert is in the sink once its bytes are.
                var arrived = Stopwatch.GetTimestamp();
                Record(body.AsSpan(0, length), arrived);
                await stream.WriteAsync(NoContent, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or EndOfStreamException or SocketException)
        {
            // The worker closed the connection, or the benchmark is stopping.
        }
    }

    /// <summary>Reads up to and including the blank line; the header's length without it, or -1 at end of stream.</summary>
    private static async Task<int> ReadHeaderAsync(NetworkStream stream, byte[] header, CancellationToken cancellationToken)
    {
        // Byte by byte: the request line and headers are a few hundred bytes, and nothing past the blank line may be consumed.
        var one = new byte[1];
        var length = 0;
        while (length < header.Length)
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                return -1;
            }

            header[length++] = one[0];
            if (length >= 4 && header[length - 1] == '\n' && header[length - 2] == '\r' && header[length - 3] == '\n' && header[length - 4] == '\r')
            {
                return length - 4;
            }
        }

        return -1;
    }

    private static int ContentLength(string header)
    {
        foreach (var line in header.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(line.AsSpan("Content-Length:".Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                return length;
            }
        }

        return -1;
    }

    private void Record(ReadOnlySpan<byte> body, long arrived)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            // One alert per request by default; an array when the sink batches.
            var alerts = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
            foreach (var alert in alerts)
            {
                if (alert.ValueKind == JsonValueKind.Object
                    && alert.TryGetProperty("event_id", out var eventId) && eventId.ValueKind == JsonValueKind.String
                    && alert.TryGetProperty("rule_id", out var ruleId) && ruleId.ValueKind == JsonValueKind.String)
                {
                    // Counted past the cap, stored up to it: a runaway rule cannot exhaust the benchmark's memory.
                    if (Interlocked.Increment(ref _count) <= MaxAlerts)
                    {
                        _alerts.Enqueue(new ReceivedAlert(ruleId.GetString()!, eventId.GetString()!, arrived));
                    }
                }
                else
                {
                    Interlocked.Increment(ref _malformed);
                }
            }
        }
        catch (JsonException)
        {
            Interlocked.Increment(ref _malformed);
        }
    }
}
