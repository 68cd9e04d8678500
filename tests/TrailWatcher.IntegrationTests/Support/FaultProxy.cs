using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>
/// A loopback HTTP proxy in front of the emulator that answers S3 object GETs with the fault a test's plan chooses:
/// an S3 error, a body that stalls, or a body cut by a connection reset. Every other request passes untouched.
/// </summary>
/// <remarks>
/// Unlike <see cref="ThrottlingProxy"/>, which relays bytes, this one speaks HTTP: it must tell an object GET from an
/// SQS call (a POST) and know where the headers end to break a body midway.
/// </remarks>
internal sealed class FaultProxy : LoopbackHttpServer
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    private readonly Uri _upstream;
    private readonly Func<ObjectGet, ProxyFault> _plan;
    private readonly TimeSpan _stallFor;
    private readonly HttpClient _client;
    private readonly ConcurrentDictionary<string, int> _getsByPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ProxyFault, int> _faults = new();
    private readonly ConcurrentQueue<ObjectGet> _gets = new();
    private readonly SqsDeleteWatch? _deletes;

    /// <param name="upstreamUrl">The emulator's http://127.0.0.1:PORT.</param>
    /// <param name="plan">Chooses each object GET's fault; called under no lock, so it must be thread-safe.</param>
    /// <param name="stallFor">How long a stalled body holds the connection before the proxy drops it.</param>
    /// <param name="deletes">Told of every SQS receive and delete passing through, when given.</param>
    public FaultProxy(string upstreamUrl, Func<ObjectGet, ProxyFault> plan, TimeSpan stallFor, SqsDeleteWatch? deletes = null)
    {
        _deletes = deletes;
        _upstream = new Uri(upstreamUrl, UriKind.Absolute);
        if (!IPAddress.TryParse(_upstream.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"Only a loopback IP upstream is proxied, not {upstreamUrl}.", nameof(upstreamUrl));
        }

        _plan = plan;
        _stallFor = stallFor;
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Start();
    }

    /// <summary>The proxy's root URL, to give the worker as its AWS service URL.</summary>
    public string Url => BaseUrl;

    /// <summary>Every object GET so far, in arrival order.</summary>
    public IReadOnlyList<ObjectGet> Gets => [.. _gets];

    /// <summary>How many object GETs got <paramref name="fault"/>.</summary>
    public int Count(ProxyFault fault) => _faults.GetValueOrDefault(fault);

    protected override async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var fault = ProxyFault.None;
        if (HttpMethods.IsGet(request.Method) && !request.QueryString.HasValue && path.IndexOf('/', 1) > 1)
        {
            var range = request.Headers.Range.Count > 0 ? request.Headers.Range.ToString() : null;
            var earlier = _getsByPath.AddOrUpdate(path, 1, (_, n) => n + 1) - 1;
            var get = new ObjectGet(path, range, earlier);
            _gets.Enqueue(get);
            fault = _plan(get);
            _faults.AddOrUpdate(fault, 1, (_, n) => n + 1);
        }

        if (fault is ProxyFault.InternalError or ProxyFault.SlowDown)
        {
            await WriteErrorAsync(context.Response, fault);
            return;
        }

        // Bodies are small here (SQS calls; object GETs have none): read whole, so the delete watch can see them.
        using var buffered = new MemoryStream();
        await request.Body.CopyToAsync(buffered, context.RequestAborted);
        var target = request.Headers["X-Amz-Target"].ToString();
        if (_deletes is not null && target is "AmazonSQS.DeleteMessage" or "AmazonSQS.DeleteMessageBatch")
        {
            _deletes.Deleting(buffered.GetBuffer().AsSpan(0, (int)buffered.Length));
        }

        using var forwarded = Forward(request, path, buffered.ToArray());
        HttpResponseMessage upstream;
        try
        {
            upstream = await _client.SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            context.Abort();
            return;
        }

        using (upstream)
        {
            await RelayAsync(context, upstream, fault, _deletes is not null && target == "AmazonSQS.ReceiveMessage");
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _client.Dispose();
        }
    }

    private HttpRequestMessage Forward(HttpRequest request, string path, byte[] body)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream, path + request.QueryString.Value));
        if (body.Length > 0)
        {
            message.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values) && message.Content is not null)
            {
                message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // The request was signed for the host the worker called; the emulator reads it but does not check it.
        message.Headers.Host = request.Host.Value;
        return message;
    }

    private async Task RelayAsync(HttpContext context, HttpResponseMessage upstream, ProxyFault fault, bool isReceive)
    {
        var response = context.Response;
        response.StatusCode = (int)upstream.StatusCode;
        foreach (var (name, values) in upstream.Headers.Concat(upstream.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                response.Headers[name] = values.ToArray();
            }
        }

        if (isReceive && upstream.IsSuccessStatusCode)
        {
            var answer = await upstream.Content.ReadAsByteArrayAsync(context.RequestAborted);
            _deletes!.Received(answer);
            response.ContentLength = answer.Length;
            await response.Body.WriteAsync(answer, context.RequestAborted);
            return;
        }

        var length = upstream.Content.Headers.ContentLength;
        await using var body = await upstream.Content.ReadAsStreamAsync(context.RequestAborted);
        if (fault == ProxyFault.None || upstream.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.PartialContent) || length is not > 1)
        {
            await body.CopyToAsync(response.Body, context.RequestAborted);
            return;
        }

        var half = new byte[length.Value / 2];
        await body.ReadExactlyAsync(half, context.RequestAborted);
        await response.Body.WriteAsync(half, context.RequestAborted);
        await response.Body.FlushAsync(context.RequestAborted);
        // A reset discards what the client has not read yet: a moment first, so the break falls mid-body, not mid-headers.
        var hold = fault == ProxyFault.Stall ? _stallFor : TimeSpan.FromMilliseconds(200);
        try
        {
            await Task.Delay(hold, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up first.
        }

        context.Abort();
    }

    private static async Task WriteErrorAsync(HttpResponse response, ProxyFault fault)
    {
        var (status, code) = fault == ProxyFault.SlowDown ? (503, "SlowDown") : (500, "InternalError");
        response.StatusCode = status;
        response.ContentType = "application/xml";
        var xml = Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>injected by the test proxy</Message><RequestId>fault</RequestId></Error>");
        response.ContentLength = xml.Length;
        await response.Body.WriteAsync(xml);
    }
}
