using System.Net;
using System.Net.Sockets;

namespace TrailWatcher.Tests.Support;

/// <summary>A loopback HTTP server speaking just enough S3 to serve one object after a number of failures of a chosen kind.</summary>
internal sealed class FlakyS3Server : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private readonly byte[] _body;
    private readonly string _path;
    private int _requests;

    public FlakyS3Server(string bucket, string key, byte[] body, int failures, HttpStatusCode failWith, string errorCode)
    {
        Port = FreePort();
        Url = $"http://127.0.0.1:{Port}";
        _body = body;
        _path = $"/{bucket}/{key}";
        Failures = failures;
        FailWith = failWith;
        ErrorCode = errorCode;
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url { get; }

    public int Failures { get; }

    public HttpStatusCode FailWith { get; }

    public string ErrorCode { get; }

    public int Requests => Volatile.Read(ref _requests);

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

            var attempt = Interlocked.Increment(ref _requests);
            using var response = context.Response;
            if (Uri.UnescapeDataString(context.Request.Url!.AbsolutePath) != _path)
            {
                await WriteErrorAsync(response, HttpStatusCode.NotFound, "NoSuchKey");
            }
            else if (attempt <= Failures)
            {
                await WriteErrorAsync(response, FailWith, ErrorCode);
            }
            else
            {
                response.StatusCode = 200;
                response.ContentType = "application/octet-stream";
                response.ContentLength64 = _body.Length;
                await response.OutputStream.WriteAsync(_body);
            }
        }
    }

    private static async Task WriteErrorAsync(HttpListenerResponse response, HttpStatusCode status, string code)
    {
        response.StatusCode = (int)status;
        response.ContentType = "application/xml";
        var xml = System.Text.Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{code}</Message><RequestId>r</RequestId></Error>");
        response.ContentLength64 = xml.Length;
        await response.OutputStream.WriteAsync(xml);
    }
}
