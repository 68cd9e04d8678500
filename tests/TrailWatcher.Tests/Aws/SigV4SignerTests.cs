using Amazon.Runtime;
using TrailWatcher.Aws;
using Xunit;

namespace TrailWatcher.Tests.Aws;

public sealed class SigV4SignerTests
{
    private static readonly DateTime SignedAt = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    [Fact]
    public void Sign_TheTestSuitesVanillaGet_GivesTheDocumentedAuthorization()
    {
        // AWS's Signature Version 4 test suite, "get-vanilla": its credentials, scope and expected signature.
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/");
        var credentials = new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

        SigV4Signer.Sign(request, [], new Dictionary<string, string>(), credentials, "us-east-1", "service", SignedAt);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.Equal("20150830T123600Z", Assert.Single(request.Headers.GetValues("X-Amz-Date")));
    }

    [Fact]
    public void Sign_TemporaryCredentialsAndJsonHeaders_SendsAndSignsEveryOne()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:8080/");
        var credentials = new ImmutableCredentials("ASIAEXAMPLE", "secret", "session-token");

        SigV4Signer.Sign(request, "{}"u8.ToArray(), new Dictionary<string, string> { ["Content-Type"] = "application/x-amz-json-1.1", ["X-Amz-Target"] = "Svc.Op" }, credentials, "eu-west-1", "cloudtrail", SignedAt);

        Assert.Contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, ", Assert.Single(request.Headers.GetValues("Authorization")), StringComparison.Ordinal);
        Assert.Equal("session-token", Assert.Single(request.Headers.GetValues("x-amz-security-token")));
        Assert.Equal("Svc.Op", Assert.Single(request.Headers.GetValues("x-amz-target")));
        Assert.Equal("application/x-amz-json-1.1", request.Content!.Headers.ContentType!.ToString());
    }
}
