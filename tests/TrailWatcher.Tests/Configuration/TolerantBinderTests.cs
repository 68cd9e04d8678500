using Microsoft.Extensions.Configuration;
using TrailWatcher.Configuration;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.Webhook;
using TrailWatcher.Sources.S3;
using Xunit;

namespace TrailWatcher.Tests.Configuration;

public sealed class TolerantBinderTests
{
    [Fact]
    public void Bind_ValidSettings_FillNestedSectionsListsAndHeaderMapsAsTheStockBinderWould()
    {
        var sinks = Bind<SinkOptions>(SinkOptions.Section, new()
        {
            ["TrailWatcher:Sinks:Webhook:Url"] = "http://127.0.0.1:1/hook",
            ["TrailWatcher:Sinks:Webhook:Style"] = "slack",
            ["TrailWatcher:Sinks:Webhook:Headers:Authorization"] = "Bearer t",
            ["TrailWatcher:Sinks:Webhook:Resilience:MinimumThroughput"] = "7",
        }, out var problems);
        var s3 = Bind<S3Options>(S3Options.Section, new()
        {
            ["TrailWatcher:S3:IncludePrefixes:0"] = "AWSLogs/1/",
            ["TrailWatcher:S3:IncludePrefixes:1"] = "AWSLogs/2/",
        }, out var s3Problems);

        Assert.Empty(problems);
        Assert.Empty(s3Problems);
        Assert.Equal("http://127.0.0.1:1/hook", sinks.Webhook.Url);
        Assert.Equal(WebhookStyle.Slack, sinks.Webhook.Style);
        Assert.Equal(7, sinks.Webhook.Resilience.MinimumThroughput);
        // The header map keeps its case-insensitive comparer, so "authorization" finds what was configured.
        Assert.Equal("Bearer t", sinks.Webhook.Headers["authorization"]);
        Assert.Equal(["AWSLogs/1/", "AWSLogs/2/"], s3.IncludePrefixes);
    }

    [Fact]
    public void Bind_UnconvertibleValue_KeepsTheDefaultBindsTheRestAndReportsTheSetting()
    {
        var defaults = new SinkOptions();
        var sinks = Bind<SinkOptions>(SinkOptions.Section, new()
        {
            ["TrailWatcher:Sinks:File:Path"] = "/tmp/alerts.jsonl",
            ["TrailWatcher:Sinks:File:MaxBytes"] = "big",
            ["TrailWatcher:Sinks:File:Resilience:BreakDurationSeconds"] = "a while",
        }, out var problems);

        Assert.Equal("/tmp/alerts.jsonl", sinks.File.Path);
        Assert.Equal(defaults.File.MaxBytes, sinks.File.MaxBytes);
        Assert.Equal(
            ["TrailWatcher:Sinks:File:MaxBytes: 'big' is not a valid Int64", "TrailWatcher:Sinks:File:Resilience:BreakDurationSeconds: 'a while' is not a valid Double"],
            problems);
    }

    [Fact]
    public void Bind_UnknownEnumName_IsReportedWithTheEnumTypeAndTheOtherSettingsStillBind()
    {
        var sinks = Bind<SinkOptions>(SinkOptions.Section, new()
        {
            ["TrailWatcher:Sinks:Console:Format"] = "loud",
            ["TrailWatcher:Sinks:Console:IncludeSignals"] = "true",
        }, out var problems);

        Assert.Equal(AlertFormat.Native, sinks.Console.Format);
        Assert.True(sinks.Console.IncludeSignals);
        Assert.Equal(["TrailWatcher:Sinks:Console:Format: 'loud' is not a valid TrailWatcher.Sinks.AlertFormat"], problems);
    }

    private static TOptions Bind<TOptions>(string section, Dictionary<string, string?> settings, out IReadOnlyList<string> problems)
        where TOptions : class, new()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new TOptions();
        TolerantBinder.Bind(configuration.GetSection(section), options);
        var result = new UnconvertibleSettingsValidator<TOptions>().Validate(null, options);
        problems = result.Failed ? [.. result.Failures!] : [];
        return options;
    }
}
