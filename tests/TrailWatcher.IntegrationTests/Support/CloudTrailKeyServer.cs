using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>
/// CloudTrail's ListPublicKeys on 127.0.0.1: checks the target and content type, re-derives the SigV4 signature from
/// the request it received (written here from AWS's signing documentation, with the emulator's secret key), and
/// answers the page its NextToken asks for; anything else is refused as CloudTrail would.
/// </summary>
internal sealed partial class CloudTrailKeyServer : LoopbackHttpServer
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
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var (status, answer) = Answer(context.Request.Method, context.Request.Path.Value ?? "/", headers, body);
        _requests.Enqueue(new ReceivedRequest(context.Request.Path.Value ?? "/", headers, body, status));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(answer, context.RequestAborted);
    }

    private (int Status, string Body) Answer(string method, string path, Dictionary<string, string> headers, string body)
    {
        if (headers.GetValueOrDefault("X-Amz-Target") != Target)
        {
            return Error(400, "UnknownOperationException", $"target '{headers.GetValueOrDefault("X-Amz-Target")}'");
        }

        if (headers.GetValueOrDefault("Content-Type") != "application/x-amz-json-1.1")
        {
            return Error(400, "SerializationException", $"content type '{headers.GetValueOrDefault("Content-Type")}'");
        }

        if (SignatureProblem(method, path, headers, body) is { } problem)
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

    private string? SignatureProblem(string method, string path, Dictionary<string, string> headers, string body)
    {
        var authorization = Authorization().Match(headers.GetValueOrDefault("Authorization") ?? "");
        if (!authorization.Success)
        {
            return $"Authorization '{headers.GetValueOrDefault("Authorization")}' is not SigV4";
        }

        var date = headers.GetValueOrDefault("X-Amz-Date") ?? "";
        var scope = $"{authorization.Groups["date"].Value}/{authorization.Groups["region"].Value}/{authorization.Groups["service"].Value}/aws4_request";
        var signed = authorization.Groups["signed"].Value.Split(';');
        var canonical = $"{method}\n{path}\n\n{string.Concat(signed.Select(h => $"{h}:{headers.GetValueOrDefault(h)?.Trim()}\n"))}\n{string.Join(';', signed)}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}";
        var toSign = $"AWS4-HMAC-SHA256\n{date}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + _secretKey);
        foreach (var part in new[] { authorization.Groups["date"].Value, authorization.Groups["region"].Value, authorization.Groups["service"].Value, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        return expected == authorization.Groups["signature"].Value ? null : "the signature does not match the request";
    }

    private static (int, string) Error(int status, string type, string message) =>
        (status, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = "com.amazonaws.cloudtrail#" + type, ["message"] = message }));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9]+)/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex Authorization();
}
