using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace TrailWatcher.Sinks.AwsApi;

/// <summary>Signs an AWS API request with Signature Version 4: the canonical request is built here, the signature by the AWS SDK's signer.</summary>
/// <remarks>Credentials come from the SDK's chain, resolved at the first request so a service without AWS access starts anyway.</remarks>
internal sealed class AwsRequestSigner(Func<AWSCredentials> credentials, string region, string service, TimeProvider time)
{
    private readonly Lazy<AWSCredentials> _credentials = new(credentials);

    public string Region => region;

    /// <summary>Adds X-Amz-Date, X-Amz-Security-Token (for temporary credentials) and Authorization to a POST.</summary>
    /// <param name="request">The request, its Content-Type and any X-Amz-* headers already set.</param>
    /// <param name="body">The exact bytes of the body.</param>
    public async Task SignAsync(HttpRequestMessage request, byte[] body)
    {
        ImmutableCredentials identity;
        try
        {
            identity = await _credentials.Value.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (AmazonClientException ex)
        {
            // The SDK's text names the providers it tried, never a secret.
            throw new AlertSinkException($"no AWS credentials for {service}: {ex.Message}", permanent: true, ex);
        }

        var signedAt = time.GetUtcNow().UtcDateTime;
        var amzDate = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (identity.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", identity.Token);
        }

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = request.RequestUri!.Authority,
            ["content-type"] = request.Content!.Headers.ContentType!.ToString(),
        };
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase))
            {
                headers[name.ToLowerInvariant()] = string.Join(",", values).Trim();
            }
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = new StringBuilder()
            .Append("POST\n")
            // Our endpoints are a bare host (path "/") or an emulator's; their paths are already escaped.
            .Append(request.RequestUri.AbsolutePath).Append('\n')
            .Append('\n')
            .AppendJoin("", headers.Select(h => $"{h.Key}:{h.Value}\n")).Append('\n')
            .Append(signedHeaders).Append('\n')
            .Append(Convert.ToHexStringLower(AWS4Signer.ComputeHash(body)))
            .ToString();
        var signature = AWS4Signer.ComputeSignature(identity, region, signedAt, service, signedHeaders, canonical);
        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
    }
}
