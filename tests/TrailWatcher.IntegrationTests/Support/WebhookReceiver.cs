using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>A loopback HTTP endpoint that answers a chosen status (e.g. 500 during an outage) and keeps every request it saw.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private volatile int _status;

    public WebhookReceiver(int status = 200, string path = "/hook")
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}{path}";
        _status = status;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>What the next requests are answered with.</summary>
    public int Status
    {
        get => _status;
        set => _status = value;
    }

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Requests answered with 2xx: what the receiver accepted.</summary>
    public IReadOnlyList<ReceivedRequest> Accepted => [.. _requests.Where(r => r.Status is >= 200 and < 300)];

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            var status = _status;
            // Recorded before the answer goes out: once the sender sees 200, the request is already in the list.
            _requests.Enqueue(new ReceivedRequest(context.Request.Url!.AbsolutePath, headers, body, status));
            response.StatusCode = status;
            response.ContentLength64 = 0;
        }
    }
}
