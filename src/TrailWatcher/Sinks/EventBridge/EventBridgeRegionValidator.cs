using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TrailWatcher.Aws;
using TrailWatcher.Sinks.AwsApi;

namespace TrailWatcher.Sinks.EventBridge;

/// <summary>Fails the start (and <c>config check</c>) when the EventBridge sink is on but no setting names the bus's region.</summary>
/// <remarks>Reads <c>TrailWatcher:Aws</c> raw: a problem there is reported by that section's own validation, not here a second time.</remarks>
internal sealed class EventBridgeRegionValidator(IConfiguration configuration) : IValidateOptions<SinkOptions>
{
    public ValidateOptionsResult Validate(string? name, SinkOptions options)
    {
        var sink = options.EventBridge;
        if (!sink.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var aws = new AwsOptions
        {
            Region = configuration[$"{AwsOptions.Section}:{nameof(AwsOptions.Region)}"],
            ServiceUrl = configuration[$"{AwsOptions.Section}:{nameof(AwsOptions.ServiceUrl)}"],
        };
        return AwsEndpoints.Region(AwsEndpoints.RegionOfArn(sink.EventBusName), sink.Region, sink.ServiceUrl, aws) is null
            ? ValidateOptionsResult.Fail($"{SinkOptions.Section}:EventBridge:Region: no region for the bus; set it, {AwsOptions.Section}:Region or AWS_REGION, or give EventBusName as an ARN")
            : ValidateOptionsResult.Success;
    }
}
