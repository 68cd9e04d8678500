using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Aws;

/// <summary>How the AWS clients reach AWS (<c>TrailWatcher:Aws</c>); credentials always come from the SDK's standard chain.</summary>
internal sealed class AwsOptions : IValidatableObject
{
    public const string Section = "TrailWatcher:Aws";

    /// <summary>Endpoint override for emulators (LocalStack, fauxqs); empty for AWS itself. The SDK's own AWS_ENDPOINT_URL works too.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Region; when empty, the SDK's chain (AWS_REGION, profile, instance metadata).</summary>
    [RegularExpression(@"^[a-z]{2}(-[a-z0-9]+)+-\d+$", ErrorMessage = "is not an AWS region name such as us-east-1")]
    public string? Region { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(ServiceUrl)
            && !(Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return new ValidationResult($"'{ServiceUrl}' is not an http(s) URL", [nameof(ServiceUrl)]);
        }
    }
}
