using System.ComponentModel.DataAnnotations;
using TrailWatcher.Configuration;

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

    /// <summary>Endpoint override for CloudTrail's API (ListPublicKeys, for <c>verify</c>); empty: <c>https://cloudtrail.REGION.amazonaws.com</c>.</summary>
    public string? CloudTrailServiceUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(ServiceUrl), ServiceUrl), (nameof(CloudTrailServiceUrl), CloudTrailServiceUrl) })
        {
            if (!string.IsNullOrEmpty(value)
                && !HttpUrl.IsAbsolute(value))
            {
                yield return new ValidationResult($"'{value}' is not an http(s) URL", [name]);
            }
        }
    }
}
