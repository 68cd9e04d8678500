using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace TrailWatcher.Tests.Support;

/// <summary>A loopback HTTP server serving one S3 object whose first bodies break off (reset or stall) partway, honouring Range and If-Match as S3 does.</summary>
internal sealed class BreakingS3Server : LoopbackHttpServer
{
    private readonly string _path;
    private readonly int _breaks;
    private readonly int _breakAfter;
    private readonly bool _stall;
    private readonly List<string?> _ranges = [];
    private readonly Lock _gate = new();
    private byte[] _body;
    private string _etag;

    /// <param name="bucket">The bucket of the one object served.</param>
    /// <param name="key">Its key.</param>
    /// <param name="body">Its bytes.</param>
    /// <param name="breaks">How many responses break off; later ones are whole.</param>
    /// <param name="breakAfter">Bytes each breaking response sends before it breaks.</param>
    /// <param name="stall">True: a breaking response stops sending and holds the connection; false: it resets the connection.</param>
    public BreakingS3Server(string bucket, string key, byte[] body, int breaks, int breakAfter, bool stall)
    {
        _path = $"/{bucket}/{key}";
        _body = body;
        _etag = ETagOf(body);
        _breaks = breaks;
        _breakAfter = breakAfter;
        _stall = stall;
        Start();
    }

    public string Url => BaseUrl;

    /// <summary>The Range header of every GET of the object, in order (null for a whole-object GET).</summary>
    public IReadOnlyList<string?> Ranges
    {
        get
        {
            lock (_gate)
            {
                return [.. _ranges];
            }
        }
    }

    /// <summary>Replaces the object, as a new upload of the same key would: the ETag changes.</summary>
    public void Replace(byte[] body)
    {
        lock (_gate)
        {
            _body = body;
            _etag = ETagOf(body);
        }
    }

    protected override async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        if (context.Request.Path.Value != _path)
        {
            await WriteErrorAsync(response, HttpStatusCode.NotFound, "NoSuchKey");
            return;
        }

        string? range = context.Request.Headers.Range.Count > 0 ? context.Request.Headers.Range.ToString() : null;
        int request;
        byte[] body;
        string etag;
        lock (_gate)
        {
            _ranges.Add(range);
            request = _ranges.Count;
            body = _body;
            etag = _etag;
        }

        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != etag)
        {
            await WriteErrorAsync(response, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
            return;
        }

        var start = 0;
        if (range is not null)
        {
            // Only the form a resuming reader sends: bytes=FROM-TO.
            var bounds = range["bytes=".Length..].Split('-');
            start = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {start}-{body.Length - 1}/{body.Length}";
        }
        else
        {
            response.StatusCode = 200;
        }

        var part = body.AsMemory(start);
        response.ContentType = "application/octet-stream";
        response.ContentLength = part.Length;
        response.Headers.ETag = etag;
        if (request > _breaks || part.Length <= _breakAfter)
        {
            await response.Body.WriteAsync(part);
            return;
        }

        await response.Body.WriteAsync(part[.._breakAfter]);
        await response.Body.FlushAsync();
        if (_stall)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up on the stalled body, as it should.
            }
        }
        else
        {
            // A reset discards what the client has not read yet: give it the bytes sent, so the break is mid-body and not mid-headers.
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        context.Abort();
    }

    private static string ETagOf(byte[] body) => $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body))[..32]}\"";

    private static async Task WriteErrorAsync(HttpResponse response, HttpStatusCode status, string code)
    {
        response.StatusCode = (int)status;
        response.ContentType = "application/xml";
        var xml = System.Text.Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{code}</Message><RequestId>r</RequestId></Error>");
        response.ContentLength = xml.Length;
        await response.Body.WriteAsync(xml);
    }
}
