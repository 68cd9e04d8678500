using TrailWatcher.Aws;

namespace TrailWatcher.Sinks.AwsApi;

/// <summary>Where an AWS API is reached, and in which region requests are signed, from a sink's settings and <c>TrailWatcher:Aws</c>.</summary>
internal static class AwsEndpoints
{
    /// <summary>The first region given: the resource's ARN, the sink's setting, TrailWatcher:Aws:Region, AWS_REGION; us-east-1 for an emulator.</summary>
    public static string? Region(string? fromArn, string? fromSink, string? sinkServiceUrl, AwsOptions aws) =>
        First(fromArn, fromSink, aws.Region, Environment.GetEnvironmentVariable("AWS_REGION"))
        ?? (First(sinkServiceUrl, aws.ServiceUrl) is null ? null : "us-east-1");

    /// <summary>The sink's endpoint override, else TrailWatcher:Aws:ServiceUrl (an emulator), else the service's regional endpoint.</summary>
    public static Uri Endpoint(string service, string region, string? sinkServiceUrl, AwsOptions aws) =>
        First(sinkServiceUrl, aws.ServiceUrl) is { } url ? new Uri(url, UriKind.Absolute) : new Uri($"https://{service}.{region}.amazonaws.com/");

    /// <summary>The region field of an ARN (<c>arn:partition:service:region:account:resource</c>), or null.</summary>
    public static string? RegionOfArn(string? arn)
    {
        var parts = arn?.Split(':');
        return parts is { Length: >= 6 } && parts[0] == "arn" && parts[3].Length > 0 ? parts[3] : null;
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
