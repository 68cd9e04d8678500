using System.Net;
using Microsoft.AspNetCore.Http;

namespace TrailWatcher.Tests.Support;

/// <summary>A loopback HTTP server speaking just enough S3 to serve one object after a number of failures of a chosen kind.</summary>
internal sealed class FlakyS3Server : LoopbackHttpServer
{
    private readonly byte[] _body;
    private readonly string _path;
    private int _requests;

    public FlakyS3Server(string bucket, string key, byte[] body, int failures, HttpStatusCode failWith, string errorCode)
    {
        _body = body;
        _path = $"/{bucket}/{key}";
        Failures = failures;
        FailWith = failWith;
        ErrorCode = errorCode;
        Start();
    }

    public string Url => BaseUrl;

    public int Failures { get; }

    public HttpStatusCode FailWith { get; }

    public string ErrorCode { get; }

    public int Requests => Volatile.Read(ref _requests);

    protected override async Task HandleAsync(HttpContext context)
    {
        var attempt = Interlocked.Increment(ref _requests);
        var response = context.Response;
        if (context.Request.Path.Value != _path)
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
            response.ContentLength = _body.Length;
            await response.Body.WriteAsync(_body);
        }
    }

    private static async Task WriteErrorAsync(HttpResponse response, HttpStatusCode status, string code)
    {
        response.StatusCode = (int)status;
        response.ContentType = "application/xml";
        var xml = System.Text.Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{code}</Message><RequestId>r</RequestId></Error>");
        response.ContentLength = xml.Length;
        await response.Body.WriteAsync(xml);
    }
}
