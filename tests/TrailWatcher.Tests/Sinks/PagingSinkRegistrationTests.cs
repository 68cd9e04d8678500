using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrailWatcher.Sinks;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class PagingSinkRegistrationTests
{
    private const string Secret = "canary-paging-secret-0123456789";

    [Fact]
    public void Validate_BadPagingSettings_ReportsEveryOneByItsFullNameWithoutTheSecrets()
    {
        var failures = SinkSettings.Failures(new()
        {
            ["TrailWatcher:Sinks:PagerDuty:RoutingKey"] = Secret + " x",
            ["TrailWatcher:Sinks:PagerDuty:Url"] = "events.pagerduty.com/v2/enqueue",
            ["TrailWatcher:Sinks:PagerDuty:TimeoutSeconds"] = "0",
            ["TrailWatcher:Sinks:PagerDuty:Resilience:RetryDelaySeconds"] = "-1",
            ["TrailWatcher:Sinks:Opsgenie:ApiKey"] = Secret + "\n",
            ["TrailWatcher:Sinks:Opsgenie:Format"] = "Ocsf",
            ["TrailWatcher:Sinks:Opsgenie:Url"] = "ftp://api.opsgenie.com/v2/alerts",
            ["TrailWatcher:Sinks:Teams:Url"] = "prod-00.westeurope.logic.azure.com/workflows?sig=" + Secret,
            ["TrailWatcher:Sinks:Teams:Format"] = "Ocsf",
            ["TrailWatcher:Sinks:Sns:TopicArn"] = "arn:aws:sqs:us-east-1:111111111111:not-a-topic",
            ["TrailWatcher:Sinks:EventBridge:EventBusName"] = "bus with spaces",
            ["TrailWatcher:Sinks:EventBridge:Source"] = "aws.trailwatcher",
            ["TrailWatcher:Sinks:EventBridge:Region"] = "Frankfurt",
        });

        SinkSettings.AssertNamed(
            failures,
            "TrailWatcher:Sinks:PagerDuty:RoutingKey",
            "TrailWatcher:Sinks:PagerDuty:Url",
            "TrailWatcher:Sinks:PagerDuty:TimeoutSeconds",
            "TrailWatcher:Sinks:PagerDuty:Resilience:RetryDelaySeconds",
            "TrailWatcher:Sinks:Opsgenie:ApiKey",
            "TrailWatcher:Sinks:Opsgenie:Format",
            "TrailWatcher:Sinks:Opsgenie:Url",
            "TrailWatcher:Sinks:Teams:Url",
            "TrailWatcher:Sinks:Teams:Format",
            "TrailWatcher:Sinks:Sns:TopicArn",
            "TrailWatcher:Sinks:EventBridge:EventBusName",
            "TrailWatcher:Sinks:EventBridge:Source",
            "TrailWatcher:Sinks:EventBridge:Region");
        Assert.DoesNotContain(failures, f => f.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddTrailWatcherSinks_PagingSinksConfigured_BuildsOneResilientSinkEachAndNothingElse()
    {
        await using var provider = SinkSettings.Provider(new()
        {
            ["TrailWatcher:Sinks:Console:Enabled"] = "false",
            ["TrailWatcher:Sinks:PagerDuty:RoutingKey"] = Secret,
            ["TrailWatcher:Sinks:Opsgenie:ApiKey"] = Secret,
            ["TrailWatcher:Sinks:Opsgenie:Url"] = "https://api.eu.opsgenie.com/v2/alerts",
            ["TrailWatcher:Sinks:Teams:Url"] = "https://prod-00.westeurope.logic.azure.com/workflows/x/triggers/manual/paths/invoke?sig=" + Secret,
            ["TrailWatcher:Sinks:Sns:TopicArn"] = "arn:aws:sns:eu-central-1:111111111111:alerts",
            ["TrailWatcher:Sinks:EventBridge:EventBusName"] = "default",
            ["TrailWatcher:Sinks:EventBridge:Region"] = "eu-central-1",
        });

        var dispatcher = provider.GetRequiredService<AlertDispatcher>();

        Assert.Equal(["pagerduty", "opsgenie", "teams", "sns", "eventbridge"], dispatcher.Sinks.Select(s => s.Name));
        Assert.Equal("https://events.pagerduty.com/v2/enqueue", provider.GetRequiredService<IOptions<SinkOptions>>().Value.PagerDuty.Url);
    }

    [Fact]
    public void Validate_EventBridgeWithoutAnyRegion_SaysWhichSettingToSet()
    {
        // The machine's own AWS_REGION would name one: it is set aside while the settings are checked.
        var machineRegion = Environment.GetEnvironmentVariable("AWS_REGION");
        Environment.SetEnvironmentVariable("AWS_REGION", null);
        IReadOnlyList<string> failures;
        try
        {
            failures = SinkSettings.Failures(new() { ["TrailWatcher:Sinks:EventBridge:EventBusName"] = "default" });
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_REGION", machineRegion);
        }

        var failure = Assert.Single(failures);

        Assert.StartsWith("TrailWatcher:Sinks:EventBridge:Region: no region for the bus", failure, StringComparison.Ordinal);
        // Valid throws when validation fails: the shared TrailWatcher:Aws:Region is enough.
        Assert.NotNull(SinkSettings.Valid(new()
        {
            ["TrailWatcher:Sinks:EventBridge:EventBusName"] = "default",
            ["TrailWatcher:Aws:Region"] = "eu-north-1",
            ["TrailWatcher:Sinks:Console:Enabled"] = "false",
        }));
    }
}
