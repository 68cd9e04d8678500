using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrailWatcher.Sinks;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

/// <summary>The SIEM sinks' settings: validated at start by their full names, secrets never repeated, one resilient sink each.</summary>
public sealed class SiemSinkRegistrationTests
{
    private const string Secret = "s3cr3t-value-never-echoed";

    [Fact]
    public void Validate_SplunkHecBadSettings_ReportsEveryOneByItsFullNameWithoutTheToken()
    {
        var failures = SinkSettings.Failures(new()
        {
            ["TrailWatcher:Sinks:SplunkHec:Url"] = "splunk.example.com:8088",
            ["TrailWatcher:Sinks:SplunkHec:Token"] = Secret + "\n",
            ["TrailWatcher:Sinks:SplunkHec:SourceType"] = " ",
            ["TrailWatcher:Sinks:SplunkHec:BatchSize"] = "0",
            ["TrailWatcher:Sinks:SplunkHec:UseAck"] = "true",
            ["TrailWatcher:Sinks:SplunkHec:AckTimeoutSeconds"] = "45",
        });

        SinkSettings.AssertNamed(
            failures,
            "TrailWatcher:Sinks:SplunkHec:Url",
            "TrailWatcher:Sinks:SplunkHec:Token",
            "TrailWatcher:Sinks:SplunkHec:SourceType",
            "TrailWatcher:Sinks:SplunkHec:BatchSize");
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:SplunkHec:AckTimeoutSeconds:", StringComparison.Ordinal) && f.Contains("AttemptTimeoutSeconds", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SplunkHecWithoutToken_SaysWhereToSetIt()
    {
        var failure = Assert.Single(SinkSettings.Failures(new() { ["TrailWatcher:Sinks:SplunkHec:Url"] = "https://splunk.example.com:8088" }));

        Assert.StartsWith("TrailWatcher:Sinks:SplunkHec:Token:", failure, StringComparison.Ordinal);
        Assert.Contains("TrailWatcher__Sinks__SplunkHec__Token", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OpenSearchBadSettings_ReportsEveryOneByItsFullNameWithoutCredentials()
    {
        var failures = SinkSettings.Failures(new()
        {
            ["TrailWatcher:Sinks:OpenSearch:Url"] = "search:9200",
            ["TrailWatcher:Sinks:OpenSearch:Index"] = "Alerts,All",
            ["TrailWatcher:Sinks:OpenSearch:ApiKey"] = Secret,
            ["TrailWatcher:Sinks:OpenSearch:Password"] = Secret + "2",
            ["TrailWatcher:Sinks:OpenSearch:BatchSize"] = "20000",
        });

        SinkSettings.AssertNamed(
            failures,
            "TrailWatcher:Sinks:OpenSearch:Url",
            "TrailWatcher:Sinks:OpenSearch:Index",
            "TrailWatcher:Sinks:OpenSearch:ApiKey",
            "TrailWatcher:Sinks:OpenSearch:Username",
            "TrailWatcher:Sinks:OpenSearch:BatchSize");
        Assert.DoesNotContain(failures, f => f.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SyslogBadSettings_ReportsEveryOneByItsFullName()
    {
        var failures = SinkSettings.Failures(new()
        {
            ["TrailWatcher:Sinks:Syslog:Host"] = "bad host name",
            ["TrailWatcher:Sinks:Syslog:Port"] = "70000",
            ["TrailWatcher:Sinks:Syslog:Protocol"] = "Udp",
            ["TrailWatcher:Sinks:Syslog:TlsCaFile"] = "/nonexistent/ca.pem",
            ["TrailWatcher:Sinks:Syslog:AppName"] = "trail watcher",
            ["TrailWatcher:Sinks:Syslog:Format"] = "Ocsf",
            ["TrailWatcher:Sinks:Syslog:Facility"] = "Nowhere",
        });

        SinkSettings.AssertNamed(
            failures,
            "TrailWatcher:Sinks:Syslog:Host",
            "TrailWatcher:Sinks:Syslog:Port");
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:Syslog:TlsCaFile:", StringComparison.Ordinal) && f.Contains("Protocol=Tls", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:Syslog:TlsCaFile:", StringComparison.Ordinal) && f.Contains("does not exist", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:Syslog:AppName:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:Syslog:Format:", StringComparison.Ordinal) && f.Contains("Style", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("TrailWatcher:Sinks:Syslog:Facility:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddTrailWatcherSinks_SiemSinksEnabled_BuildsOneResilientSinkEach()
    {
        await using var provider = SinkSettings.Provider(new()
        {
            ["TrailWatcher:Sinks:Console:Enabled"] = "false",
            ["TrailWatcher:Sinks:SplunkHec:Url"] = "http://127.0.0.1:9",
            ["TrailWatcher:Sinks:SplunkHec:Token"] = Secret,
            ["TrailWatcher:Sinks:OpenSearch:Url"] = "http://127.0.0.1:9",
            ["TrailWatcher:Sinks:OpenSearch:DataStream"] = "true",
            ["TrailWatcher:Sinks:Syslog:Host"] = "127.0.0.1",
            ["TrailWatcher:Sinks:Syslog:Protocol"] = "Tls",
        });

        var dispatcher = provider.GetRequiredService<AlertDispatcher>();

        Assert.Equal(["splunk", "opensearch", "syslog"], dispatcher.Sinks.Select(s => s.Name));
        Assert.Equal([100, 200, 100], dispatcher.Sinks.Select(s => s.MaxBatchSize));
        Assert.Equal(6514, provider.GetRequiredService<IOptions<SinkOptions>>().Value.Syslog.EffectivePort);
        Assert.Equal("trailwatcher:alert", provider.GetRequiredService<IOptions<SinkOptions>>().Value.SplunkHec.SourceType);
    }

    [Fact]
    public async Task Deliver_ThroughTheFactory_SignalsGoOnlyToTheSiemSinksThatAskForThem()
    {
        using var hec = new SplunkHecReceiver(Secret);
        using var search = new OpenSearchReceiver();
        await using var provider = SinkSettings.Provider(new()
        {
            ["TrailWatcher:Sinks:Console:Enabled"] = "false",
            ["TrailWatcher:Sinks:SplunkHec:Url"] = hec.BaseUrl,
            ["TrailWatcher:Sinks:SplunkHec:Token"] = Secret,
            ["TrailWatcher:Sinks:OpenSearch:Url"] = search.BaseUrl,
            ["TrailWatcher:Sinks:OpenSearch:IncludeSignals"] = "true",
        });
        var alert = SeedAlerts.LoggingDisabled("a-1");
        var signal = SeedAlerts.LoggingDisabled("s-1") with { Signal = true };

        await provider.GetRequiredService<AlertDispatcher>().DeliverAsync([alert, signal], CancellationToken.None);

        Assert.Equal([alert.Id], hec.AcceptedEvents.Select(e => e.GetProperty("fields").GetProperty("alert_id").GetString()));
        Assert.Equal([alert.Id, signal.Id], OpenSearchReceiver.Parse(Assert.Single(search.Requests).Body).Select(e => e.Id));
    }
}
