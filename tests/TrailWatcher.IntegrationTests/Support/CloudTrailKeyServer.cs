using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>
/// CloudTrail's ListPublicKeys on 127.0.0.1: checks the target and content type, re-derives the SigV4 signature from
/// the request it received (<see cref="SigV4Check"/>, written from AWS's signing documentation, with the emulator's
/// secret key), and answers the page its NextToken asks for; anything else is refused as CloudTrail would.
/// </summary>
internal sealed class CloudTrailKeyServer : LoopbackHttpServer
{
    public const string Target = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.ListPublicKeys";

    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly string[] _pages;
    private readonly string _secretKey;

    /// <param name="secretKey">The secret the caller signs with.</param>
    /// <param name="pages">Answers in order: a request without NextToken gets the first, NextToken <c>page-N</c> the N-th.</param>
    public CloudTrailKeyServer(string secretKey, params string[] pages)
    {
        _secretKey = secretKey;
        _pages = pages;
        Start();
    }

    /// <summary>When set, every call is refused with this error type (HTTP 400).</summary>
    public string? Refuse { get; set; }

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>A page of keys as the API answers: base64 DER values, validity times as epoch seconds, an optional NextToken.</summary>
    public static string Page(string? nextToken, params (string Fingerprint, byte[] Der)[] keys)
    {
        var page = new Dictionary<string, object?>
        {
            ["PublicKeyList"] = keys.Select(k => new Dictionary<string, object>
            {
                ["Value"] = Convert.ToBase64String(k.Der),
                ["ValidityStartTime"] = 1704067200,
                ["ValidityEndTime"] = 1706745600,
                ["Fingerprint"] = k.Fingerprint,
            }).ToList(),
        };
        if (nextToken is not null)
        {
            page["NextToken"] = nextToken;
        }

        return JsonSerializer.Serialize(page);
    }

    protected override async Task HandleAsync(HttpContext context)
    {
        using var bytes = new MemoryStream();
        await context.Request.Body.CopyToAsync(bytes, context.RequestAborted);
        var body = Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var signatureProblem = SigV4Check.Problem(context.Request, bytes.ToArray(), _secretKey, "cloudtrail", ["host", "x-amz-date", "x-amz-target", "content-type"]);
        var (status, answer) = Answer(headers, body, signatureProblem);
        _requests.Enqueue(new ReceivedRequest(context.Request.Path.Value ?? "/", headers, body, status));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(answer, context.RequestAborted);
    }

    private (int Status, string Body) Answer(Dictionary<string, string> headers, string body, string? signatureProblem)
    {
        if (headers.GetValueOrDefault("X-Amz-Target") != Target)
        {
            return Error(400, "UnknownOperationException", $"target '{headers.GetValueOrDefault("X-Amz-Target")}'");
        }

        if (headers.GetValueOrDefault("Content-Type") != "application/x-amz-json-1.1")
        {
            return Error(400, "SerializationException", $"content type '{headers.GetValueOrDefault("Content-Type")}'");
        }

        if (signatureProblem is { } problem)
        {
            return Error(403, "InvalidSignatureException", problem);
        }

        if (Refuse is { } refused)
        {
            return Error(400, refused, "refused by the test");
        }

        using var request = JsonDocument.Parse(body);
        var token = request.RootElement.TryGetProperty("NextToken", out var t) ? t.GetString() : null;
        var index = token is null ? 0 : int.Parse(token["page-".Length..], CultureInfo.InvariantCulture);
        return (200, _pages[index]);
    }

    private static (int, string) Error(int status, string type, string message) =>
        (status, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = "com.amazonaws.cloudtrail#" + type, ["message"] = message }));
}
