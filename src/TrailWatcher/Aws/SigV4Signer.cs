using System.Globalization;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace TrailWatcher.Aws;

/// <summary>Signs a small HTTP call for which no SDK client is referenced (CloudTrail ListPublicKeys, SNS Publish, EventBridge PutEvents) with Signature Version 4, through the SDK's own signer.</summary>
/// <remarks>
/// The canonical request follows AWS's "Create a canonical request for Signature Version 4": method, path, an empty
/// query, the signed headers lower-cased and sorted, and the hex SHA-256 of the body; the SDK derives the key and
/// signs. The same headers are set on the request, so what is sent is what was signed.
/// </remarks>
internal static class SigV4Signer
{
    public static void Sign(HttpRequestMessage request, byte[] body, IReadOnlyDictionary<string, string> headers, ImmutableCredentials credentials, string region, string service, DateTime signedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(credentials);
        var uri = request.RequestUri ?? throw new ArgumentException("the request has no URI", nameof(request));
        var amzDate = signedAt.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.Authority,
            ["x-amz-date"] = amzDate,
        };
        foreach (var (name, value) in headers)
        {
            signed[name.ToLowerInvariant()] = value.Trim();
        }

        if (credentials.UseToken)
        {
            signed["x-amz-security-token"] = credentials.Token;
        }

        var signedHeaders = string.Join(';', signed.Keys);
        var canonical = string.Create(CultureInfo.InvariantCulture,
            $"{request.Method.Method}\n{(uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath)}\n\n{string.Concat(signed.Select(h => $"{h.Key}:{h.Value}\n"))}\n{signedHeaders}\n{Convert.ToHexStringLower(SHA256.HashData(body))}");
        var result = AWS4Signer.ComputeSignature(credentials, region, signedAt.ToUniversalTime(), service, signedHeaders, canonical);

        request.Content = new ByteArrayContent(body);
        foreach (var (name, value) in signed.Where(h => h.Key != "host"))
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }
}
