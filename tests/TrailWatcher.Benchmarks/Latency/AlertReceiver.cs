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
    private readonly TimeSpan _responseDelay;
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

    private AlertReceiver(TimeSpan responseDelay)
    {
        _responseDelay = responseDelay;
    }

    /// <summary>Starts listening; each answer is held back by <paramref name="responseDelay"/>, to play a sink across a network.</summary>
    public static AlertReceiver Start(TimeSpan responseDelay)
    {
        var receiver = new AlertReceiver(responseDelay);
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
        // Read in large chunks: the receiver shares the cores with the worker, and small reads would take CPU from
        // what is measured.
        var buffer = new ConnectionBuffer(stream);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int headerEnd;
                while ((headerEnd = buffer.Pending.IndexOf("\r\n\r\n"u8)) < 0)
                {
                    if (buffer.Count >= MaxHeaderBytes || !await buffer.FillAsync(0, _stop.Token).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                var length = ContentLength(Encoding.ASCII.GetString(buffer.Pending[..headerEnd]));
                if (length is < 0 or > MaxBodyBytes)
                {
                    return;
                }

                var request = headerEnd + 4 + length;
                while (buffer.Count < request)
                {
                    if (!await buffer.FillAsync(request, _stop.Token).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                // Taken before parsing and answering: the alert is in the sink once its bytes are.
                var arrived = Stopwatch.GetTimestamp();
                Record(buffer.Pending.Slice(headerEnd + 4, length), arrived);
                buffer.Consume(request);
                if (_responseDelay > TimeSpan.Zero)
                {
                    // The alert counts as arrived already; only the sender waits, as it would on a remote sink's round trip.
                    await Task.Delay(_responseDelay, _stop.Token).ConfigureAwait(false);
                }

                await stream.WriteAsync(NoContent, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
            // The worker closed the connection, or the benchmark is stopping.
        }
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
