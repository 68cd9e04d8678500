using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>A loopback TCP proxy in front of the emulator that slows everything it sends back to the client.</summary>
/// <remarks>
/// The worker reads a 100 MB log in well under a second from a local emulator, too fast to kill it, stop it or
/// outlast a visibility timeout mid-object. A slow link (a far region, a busy NAT) is what makes those windows
/// real, so the tests give the worker one: every byte from the emulator to the worker is paced to a rate, which
/// stretches the S3 GetObject body while SQS answers of a few hundred bytes cost milliseconds. Requests pass
/// through untouched; the emulators do not check that the signed Host header matches their own port.
/// </remarks>
internal sealed class ThrottlingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly long _bytesPerSecond;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _gate = new();
    private readonly Task _acceptLoop;
    private long _bytesToClients;

    private ThrottlingProxy(Uri upstream, long bytesPerSecond)
    {
        _upstream = new IPEndPoint(IPAddress.Parse(upstream.Host), upstream.Port);
        _bytesPerSecond = bytesPerSecond;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>The proxy's root URL, http://127.0.0.1:PORT, to give the worker instead of the emulator's.</summary>
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Bytes relayed from the emulator to clients so far: how far the worker has got into an object it is downloading.</summary>
    public long BytesToClients => Interlocked.Read(ref _bytesToClients);

    /// <summary>Polls until <paramref name="bytes"/> have gone to clients or the time is up; gives whether they have.</summary>
    public async Task<bool> WaitForBytesToClientsAsync(long bytes, TimeSpan timeout, Func<bool>? stopWaiting = null)
    {
        var clock = Stopwatch.StartNew();
        while (BytesToClients < bytes)
        {
            if (clock.Elapsed >= timeout || stopWaiting?.Invoke() == true)
            {
                return BytesToClients >= bytes;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>Starts a proxy to <paramref name="upstreamUrl"/> (a loopback http URL) paced to <paramref name="bytesPerSecond"/> towards the client.</summary>
    public static ThrottlingProxy Start(string upstreamUrl, long bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1024);
        var upstream = new Uri(upstreamUrl, UriKind.Absolute);
        if (!IPAddress.TryParse(upstream.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"Only a loopback IP upstream is proxied, not {upstreamUrl}.", nameof(upstreamUrl));
        }

        return new ThrottlingProxy(upstream, bytesPerSecond);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] running;
        lock (_gate)
        {
            running = [_acceptLoop, .. _connections];
        }

        // Pumps end on cancellation or on the socket errors that closing causes; both are expected here.
        await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(RelayAsync(client));
            }
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (client)
        {
            client.NoDelay = true;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            try
            {
                await upstream.ConnectAsync(_upstream, linked.Token);
                using var clientStream = new NetworkStream(client, ownsSocket: false);
                using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
                var requests = PumpAsync(clientStream, upstreamStream, bytesPerSecond: 0, counter: null, linked.Token);
                var responses = PumpAsync(upstreamStream, clientStream, _bytesPerSecond, this, linked.Token);
                // HTTP clients never half-close; when either side is gone (a killed worker, an emulator
                // closing an idle connection) the other is of no use, so both go.
                await Task.WhenAny(requests, responses);
                await linked.CancelAsync();
                await Task.WhenAll(requests, responses).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException)
            {
                // The connection ended; nothing to relay any more.
            }
        }
    }

    private static async Task PumpAsync(Stream from, Stream to, long bytesPerSecond, ThrottlingProxy? counter, CancellationToken cancellationToken)
    {
        // Small chunks when paced, so a slow link delivers steadily rather than in bursts.
        var buffer = new byte[bytesPerSecond > 0 ? (int)Math.Clamp(bytesPerSecond / 20, 512, 64 * 1024) : 64 * 1024];
        var clock = Stopwatch.StartNew();
        var due = TimeSpan.Zero;
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            if (counter is not null)
            {
                Interlocked.Add(ref counter._bytesToClients, read);
            }

            if (bytesPerSecond <= 0)
            {
                continue;
            }

            // No credit is saved up while a connection idles (a long poll), so a body after a pause is paced too.
            if (due < clock.Elapsed)
            {
                due = clock.Elapsed;
            }

            due += TimeSpan.FromSeconds((double)read / bytesPerSecond);
            var ahead = due - clock.Elapsed;
            if (ahead > TimeSpan.Zero)
            {
                await Task.Delay(ahead, cancellationToken);
            }
        }
    }
}
