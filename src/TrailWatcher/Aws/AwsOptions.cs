using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Aws;

/// <summary>How the AWS clients reach AWS (<c>TrailWatcher:Aws</c>); credentials always come from the SDK's standard chain.</summary>
internal sealed class AwsOptions
{
    public const string Section = "TrailWatcher:Aws";

    /// <summary>Endpoint override for emulators (LocalStack, fauxqs); the SDK's own AWS_ENDPOINT_URL works too.</summary>
    [Url]
    public string? ServiceUrl { get; set; }

    /// <summary>Region; when empty, the SDK's chain (AWS_REGION, profile, instance metadata).</summary>
    public string? Region { get; set; }
}
