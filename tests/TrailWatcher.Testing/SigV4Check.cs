using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace TrailWatcher.Testing;

/// <summary>Checks a request's AWS Signature Version 4 the way AWS does: header shape, signed headers, and the signature recomputed with the secret key.</summary>
/// <remarks>Written from AWS's published signing steps, independently of the SDK that signs, so a shared mistake cannot pass.</remarks>
public static partial class SigV4Check
{
    /// <summary>Null when the signature is valid; otherwise what is wrong.</summary>
    public static string? Problem(HttpRequest request, byte[] body, string secretKey, string service, IReadOnlyCollection<string> mustSign)
    {
        var match = AuthorizationShape().Match(request.Headers.Authorization.ToString());
        if (!match.Success)
        {
            return $"Authorization header has not the SigV4 shape: '{request.Headers.Authorization}'";
        }

        if (match.Groups["service"].Value != service)
        {
            return $"signed for service '{match.Groups["service"].Value}', not '{service}'";
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!amzDate.StartsWith(match.Groups["date"].Value, StringComparison.Ordinal))
        {
            return $"X-Amz-Date '{amzDate}' is not the credential scope's date";
        }

        var signed = match.Groups["signed"].Value.Split(';');
        var missing = mustSign.Where(h => !signed.Contains(h, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            return $"headers not signed: {string.Join(", ", missing)}";
        }

        var canonical = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(request.Path.HasValue ? request.Path.Value : "/").Append('\n')
            .Append('\n');
        foreach (var name in signed)
        {
            canonical.Append(name).Append(':').Append(request.Headers[name].ToString().Trim()).Append('\n');
        }

        canonical.Append('\n').Append(match.Groups["signed"].Value).Append('\n').Append(Hex(SHA256.HashData(body)));
        var scope = $"{match.Groups["date"].Value}/{match.Groups["region"].Value}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { match.Groups["date"].Value, match.Groups["region"].Value, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return expected == match.Groups["signature"].Value ? null : "the signature does not match the request";
    }

    /// <summary>The region named in a SigV4 Authorization header's scope.</summary>
    public static string? Region(string authorization) => AuthorizationShape().Match(authorization) is { Success: true } m ? m.Groups["region"].Value : null;

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[A-Za-z0-9]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, ?SignedHeaders=(?<signed>[a-z0-9;-]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationShape();
}
