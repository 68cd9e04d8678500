using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using TrailWatcher.Aws;
using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Integrity;

/// <summary>CloudTrail's public keys for a region and time range, from its <c>ListPublicKeys</c> API (JSON 1.1 over HTTPS, SigV4), every page.</summary>
/// <remarks>
/// No CloudTrail client package is referenced for one call: the request is the documented JSON body
/// (<c>StartTime</c>, <c>EndTime</c> as epoch seconds, <c>NextToken</c>) with the <c>X-Amz-Target</c> header, signed with
/// the SDK's signer and credentials from its standard chain. The answer's <c>PublicKeyList</c> is read as a saved key file is.
/// </remarks>
internal sealed class CloudTrailPublicKeys(HttpClient http, AwsOptions aws, AWSCredentials credentials, TimeProvider time)
{
    public const string Target = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.ListPublicKeys";

    public const string ContentType = "application/x-amz-json-1.1";

    // A range of a few years holds a handful of keys; a server that keeps paging past this is not CloudTrail.
    private const int MaxPages = 100;

    private const int MaxAttempts = 3;

    /// <summary>A client with the SDK's standard credential chain (environment, profile, instance or task role).</summary>
    public static CloudTrailPublicKeys Create(HttpClient http, AwsOptions aws) =>
        new(http, aws, DefaultAWSCredentialsIdentityResolver.GetCredentials(null), TimeProvider.System);

    /// <summary>The keys valid at some time between <paramref name="start"/> and <paramref name="end"/> in <paramref name="region"/>.</summary>
    /// <exception cref="IOException">CloudTrail refused or could not be reached; the message names the region, endpoint and error.</exception>
    public async Task<IReadOnlyList<TrailPublicKey>> ListAsync(string region, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint(region);
        var keys = new List<TrailPublicKey>();
        string? token = null;
        var pages = 0;
        do
        {
            if (++pages > MaxPages)
            {
                throw new IOException($"ListPublicKeys in {region} ({endpoint}): still paging after {MaxPages} pages");
            }

            var page = await CallAsync(endpoint, region, Body(start, end, token), cancellationToken).ConfigureAwait(false);
            keys.AddRange(TrailPublicKeySet.Parse(page, $"ListPublicKeys in {region} ({endpoint})").Keys);
            token = NextToken(page);
        }
        while (token is not null);

        return keys;
    }

    private Uri Endpoint(string region) =>
        new(string.IsNullOrWhiteSpace(aws.CloudTrailServiceUrl)
            ? $"https://cloudtrail.{region}.{(region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com")}/"
            : aws.CloudTrailServiceUrl);

    private async Task<string> CallAsync(Uri endpoint, string region, byte[] body, CancellationToken cancellationToken)
    {
        var identity = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
            SigV4Signer.Sign(request, body, new Dictionary<string, string> { ["Content-Type"] = ContentType, ["X-Amz-Target"] = Target }, identity, region, "cloudtrail", time.GetUtcNow().UtcDateTime);
            string text;
            HttpStatusCode status;
            try
            {
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                status = response.StatusCode;
                text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException ex)
            {
                throw new IOException($"ListPublicKeys in {region} ({endpoint}): {ex.Message}", ex);
            }

            if ((int)status < 300)
            {
                return text;
            }

            // Throttling and server faults pass; an answer such as AccessDeniedException will not change.
            if (attempt < MaxAttempts && ((int)status >= 500 || status == HttpStatusCode.TooManyRequests || text.Contains("ThrottlingException", StringComparison.Ordinal)))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            throw new IOException(string.Create(CultureInfo.InvariantCulture, $"ListPublicKeys in {region} ({endpoint}): HTTP {(int)status} {Error(text)}"));
        }
    }

    private static byte[] Body(DateTimeOffset start, DateTimeOffset end, string? token)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            // JSON 1.1 carries timestamps as seconds since the epoch.
            writer.WriteNumber("StartTime", start.ToUnixTimeSeconds());
            writer.WriteNumber("EndTime", end.ToUnixTimeSeconds());
            if (token is not null)
            {
                writer.WriteString("NextToken", token);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string? NextToken(string page)
    {
        using var document = JsonDocument.Parse(page);
        return document.RootElement.TryGetProperty("NextToken", out var token) && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } text ? text : null;
    }

    private static string Error(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var type = root.TryGetProperty("__type", out var t) ? t.GetString() : null;
            var message = root.TryGetProperty("message", out var m) || root.TryGetProperty("Message", out m) ? m.GetString() : null;
            return $"{type?[(type.LastIndexOf('#') + 1)..]}: {message}".Trim(' ', ':');
        }
        catch (JsonException)
        {
            return text[..Math.Min(200, text.Length)];
        }
    }
}
