using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrailWatcher.Alerting;
using TrailWatcher.Detection.Accounts;
using TrailWatcher.Hosting;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.Routing;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class AccountRoutingTests
{
    private static readonly AccountDirectory Accounts = new(
    [
        new AccountInfo("111111111111", "payments-prod", "prod", "team-payments"),
        new AccountInfo("222222222222", "payments-staging", "staging", "team-payments"),
        new AccountInfo("333333333333", "data-prod", "prod", "team-data"),
    ]);

    [Fact]
    public async Task Deliver_RouteByEnvironment_PagerTakesOnlyProductionAccounts()
    {
        var pager = new RecordingSink();
        var staging = new RecordingSink();
        await using var dispatcher = new AlertDispatcher(
            [
                ResilientSink.Create(pager, SinkTestOptions.Fast(), TimeProvider.System, NullLogger.Instance, route: AlertRoute.From(new SinkRouteOptions { Accounts = ["PROD"] })),
                ResilientSink.Create(staging, SinkTestOptions.Fast(), TimeProvider.System, NullLogger.Instance, route: AlertRoute.From(new SinkRouteOptions { Accounts = ["payments-staging", "444444444444"] })),
            ],
            NullLogger<AlertDispatcher>.Instance,
            new AccountNaming(Accounts));
        var payments = SeedAlerts.LoggingDisabled("payments");
        var stagingAlert = SeedAlerts.LoggingDisabled("staging") with { AccountId = "222222222222" };
        var data = SeedAlerts.LoggingDisabled("data") with { AccountId = "333333333333" };
        var unnamed = SeedAlerts.LoggingDisabled("unnamed") with { AccountId = "444444444444" };

        await dispatcher.DeliverAsync([payments, stagingAlert, data, unnamed], CancellationToken.None);

        Assert.Equal([payments.Id, data.Id], pager.Accepted.Select(a => a.Id));
        Assert.Equal([stagingAlert.Id, unnamed.Id], staging.Accepted.Select(a => a.Id));
    }

    [Fact]
    public void Validate_RouteNamingAnEnvironmentNoAccountHas_IsReportedBySetting()
    {
        var failures = Failures(Accounts, new()
        {
            ["TrailWatcher:Sinks:Webhook:Url"] = "http://127.0.0.1:9/hook",
            ["TrailWatcher:Sinks:Webhook:Route:Accounts:0"] = "prod",
            ["TrailWatcher:Sinks:Webhook:Route:Accounts:1"] = "production",
            ["TrailWatcher:Sinks:Webhook:Route:Accounts:2"] = "data-prod",
            ["TrailWatcher:Sinks:Webhook:Route:Accounts:3"] = "999999999999",
        });

        Assert.Equal(["TrailWatcher:Sinks:Webhook:Route:Accounts:1: no account in TrailWatcher:Accounts has the name or environment 'production'"], failures);
    }

    [Fact]
    public void Validate_RouteNamingAnEnvironmentWithoutAccounts_IsReported()
    {
        var failures = Failures(null, new() { ["TrailWatcher:Sinks:Console:Route:Accounts:0"] = "prod" });

        Assert.Equal(["TrailWatcher:Sinks:Console:Route:Accounts:0: no account in TrailWatcher:Accounts has the name or environment 'prod'"], failures);
    }

    private static List<string> Failures(AccountDirectory? accounts, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        if (accounts is not null)
        {
            services.AddTrailWatcherAccounts(accounts);
        }

        using var provider = services.AddTrailWatcherSinks(configuration).BuildServiceProvider();
        return [.. Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SinkOptions>>().Value).Failures];
    }
}
