using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrailWatcher.Hosting;
using TrailWatcher.Sinks;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class PagingSinkRegistrationTests
{
    private const string Secret = "canary-paging-secret-0123456789";

    [Fact]
    public void Validate_BadPagingSettings_ReportsEveryOneByItsFullNameWithoutTheSecrets()
    {
        var failures = Failures(new()
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

        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:PagerDuty:RoutingKey:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:PagerDuty:Url:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:PagerDuty:TimeoutSeconds:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:PagerDuty:Resilience:RetryDelaySeconds:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:Opsgenie:ApiKey:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:Opsgenie:Format:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:Opsgenie:Url:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:Teams:Url:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:Teams:Format:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:Sns:TopicArn:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:EventBridge:EventBusName:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:EventBridge:Source:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:EventBridge:Region:", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddTrailWatcherSinks_PagingSinksConfigured_BuildsOneResilientSinkEachAndNothingElse()
    {
        await using var provider = Provider(new()
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
        // The machine's own AWS_REGION would name one; this test assumes the test run has none, as CI and this repository's scripts do.
        Assert.Null(Environment.GetEnvironmentVariable("AWS_REGION"));

        var failure = Assert.Single(Failures(new() { ["TrailWatcher:Sinks:EventBridge:EventBusName"] = "default" }));

        Assert.StartsWith("TrailWatcher:Sinks:EventBridge:Region: no region for the bus", failure, StringComparison.Ordinal);
        Assert.Empty(Failures(new()
        {
            ["TrailWatcher:Sinks:EventBridge:EventBusName"] = "default",
            ["TrailWatcher:Aws:Region"] = "eu-north-1",
            ["TrailWatcher:Sinks:Console:Enabled"] = "false",
        }, expectFailure: false));
    }

    private static List<string> Failures(Dictionary<string, string?> settings, bool expectFailure = true)
    {
        using var provider = Provider(settings);
        if (!expectFailure)
        {
            _ = provider.GetRequiredService<IOptions<SinkOptions>>().Value;
            return [];
        }

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SinkOptions>>().Value);
        return [.. error.Failures];
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddTrailWatcherSinks(configuration);
        return services.BuildServiceProvider();
    }
}
