using System.Net;
using System.Net.Sockets;

namespace TrailWatcher.Testing;

/// <summary>An HTTP server on a free 127.0.0.1 port that hands each request to <see cref="HandleAsync"/>; stopped on dispose.</summary>
public abstract class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private Task? _serving;

    protected LoopbackHttpServer()
    {
        Port = FreePort();
        BaseUrl = $"http://127.0.0.1:{Port}";
        _listener.Prefixes.Add(BaseUrl + "/");
    }

    public int Port { get; }

    public string BaseUrl { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts serving; called by the derived constructor once its own state is ready.</summary>
    protected void Start()
    {
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Answers one request; the response is closed afterwards.</summary>
    protected abstract Task HandleAsync(HttpListenerContext context);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _listener.Stop();
            _listener.Close();
            _serving?.Wait(TimeSpan.FromSeconds(5));
        }
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
            await HandleAsync(context);
        }
    }
}
