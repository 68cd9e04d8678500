using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Hosting;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.Routing;
using TrailWatcher.Sinks.Webhook;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class SinkRoutingTests
{
    [Fact]
    public async Task Deliver_RoutedSinks_EachTakesOnlyWhatItsRouteAdmitsAndTheUnroutedOneEverything()
    {
        var pager = new RecordingSink();
        var s3Team = new RecordingSink();
        var archive = new RecordingSink();
        await using var dispatcher = Dispatcher(
            (pager, new SinkRouteOptions { MinSeverity = "high", Accounts = ["111111111111"] }),
            (s3Team, new SinkRouteOptions { Rules = ["AWS.S3.*"], Tags = ["logging"] }),
            (archive, new SinkRouteOptions()));
        var medium = SeedAlerts.LoggingDisabled("medium");
        var critical = SeedAlerts.LoggingDisabled("critical") with { Severity = Severity.Critical };
        var criticalElsewhere = SeedAlerts.LoggingDisabled("elsewhere") with { Severity = Severity.Critical, AccountId = "222222222222" };
        var otherRule = SeedAlerts.LoggingDisabled("iam") with { RuleId = "AWS.IAM.CreateAccessKey", Severity = Severity.High };

        await dispatcher.DeliverAsync([medium, critical, criticalElsewhere, otherRule], CancellationToken.None);

        Assert.Equal([critical.Id, otherRule.Id], pager.Accepted.Select(a => a.Id));
        Assert.Equal([medium.Id, critical.Id, criticalElsewhere.Id], s3Team.Accepted.Select(a => a.Id));
        Assert.Equal(4, archive.Accepted.Count);
    }

    [Fact]
    public async Task Deliver_TagsOnly_MatchesAnyTagIgnoringCase()
    {
        var sink = new RecordingSink();
        await using var dispatcher = Dispatcher((sink, new SinkRouteOptions { Tags = ["PRIVILEGE ESCALATION", "logging"] }));
        var tagged = SeedAlerts.LoggingDisabled("tagged");
        var untagged = SeedAlerts.LoggingDisabled("untagged") with { Tags = ["Discovery"] };

        await dispatcher.DeliverAsync([tagged, untagged], CancellationToken.None);

        Assert.Equal([tagged.Id], sink.Accepted.Select(a => a.Id));
    }

    [Fact]
    public async Task Deliver_DownSinkWhoseRouteTakesNoneOfTheBatch_DoesNotHoldTheBatchBack()
    {
        // A pager that is down must not stall alerts it would never have been sent.
        using var down = new WebhookReceiver(status: 500);
        var archive = new RecordingSink();
        var pagerOptions = new WebhookSinkOptions { Url = down.Url, Route = new SinkRouteOptions { MinSeverity = "critical" }, Resilience = SinkTestOptions.Fast() };
        await using var dispatcher = new AlertDispatcher(
            [
                ResilientSink.Create(new WebhookAlertSink(pagerOptions, TimeProvider.System), pagerOptions, TimeProvider.System, NullLogger.Instance),
                ResilientSink.Create(archive, SinkTestOptions.Fast(), TimeProvider.System, NullLogger.Instance),
            ],
            NullLogger<AlertDispatcher>.Instance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await dispatcher.DeliverAsync(SeedAlerts.Many(3, "medium"), cts.Token);

        Assert.Equal(3, archive.Accepted.Count);
        Assert.Empty(down.Requests);
    }

    [Fact]
    public void Validate_BadRoutes_ReportsEachByItsFullSettingName()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TrailWatcher:Sinks:Console:Route:MinSeverity"] = "urgent",
            ["TrailWatcher:Sinks:Webhook:Url"] = "http://127.0.0.1:9/hook",
            ["TrailWatcher:Sinks:Webhook:Route:Accounts:0"] = "111111111111",
            ["TrailWatcher:Sinks:Webhook:Route:Accounts:1"] = "prod",
            ["TrailWatcher:Sinks:Webhook:Route:Rules:0"] = "AWS.IAM.*",
            ["TrailWatcher:Sinks:Webhook:Route:Rules:1"] = "AWS S3",
            ["TrailWatcher:Sinks:File:Route:Tags:0"] = " ",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddTrailWatcherSinks(configuration).BuildServiceProvider();

        var failures = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SinkOptions>>().Value).Failures.ToList();

        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:Console:Route:MinSeverity: 'urgent' is not a severity", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:Webhook:Route:Accounts:1: no account in TrailWatcher:Accounts has the name or environment 'prod'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:Webhook:Route:Rules:1:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:File:Route:Tags:0:", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("Accounts:0", StringComparison.Ordinal) || f.Contains("Rules:0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddTrailWatcherSinks_RouteFromConfiguration_IsAppliedByTheDispatcher()
    {
        var file = Path.Combine(Path.GetTempPath(), $"trailwatcher-route-{Guid.NewGuid():N}.jsonl");
        var high = SeedAlerts.LoggingDisabled("high") with { Severity = Severity.High };
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["TrailWatcher:Sinks:Console:Enabled"] = "false",
                ["TrailWatcher:Sinks:File:Path"] = file,
                ["TrailWatcher:Sinks:File:Route:MinSeverity"] = "High",
            }).Build();
            await using (var provider = new ServiceCollection().AddLogging().AddTrailWatcherSinks(configuration).BuildServiceProvider())
            {
                var dispatcher = provider.GetRequiredService<AlertDispatcher>();

                await dispatcher.DeliverAsync([SeedAlerts.LoggingDisabled("medium"), high], CancellationToken.None);
            }

            var line = Assert.Single(await File.ReadAllLinesAsync(file));
            Assert.Contains(high.Id, line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static AlertDispatcher Dispatcher(params (RecordingSink Sink, SinkRouteOptions Route)[] sinks) => new(
        [.. sinks.Select(s => ResilientSink.Create(s.Sink, SinkTestOptions.Fast(), TimeProvider.System, NullLogger.Instance, includeSignals: false, AlertRoute.From(s.Route)))],
        NullLogger<AlertDispatcher>.Instance);
}
