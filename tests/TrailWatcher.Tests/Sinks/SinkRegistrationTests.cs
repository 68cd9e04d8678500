using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.Webhook;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

public sealed class SinkRegistrationTests
{
    [Fact]
    public void Validate_BadSettings_ReportsEveryOneByItsFullNameWithoutHeaderValues()
    {
        var failures = SinkSettings.Failures(new()
        {
            ["TrailWatcher:Sinks:Console:Enabled"] = "true",
            ["TrailWatcher:Sinks:Webhook:Url"] = "ftp://hooks.example/secret-path",
            ["TrailWatcher:Sinks:Webhook:Style"] = "Slack",
            ["TrailWatcher:Sinks:Webhook:Format"] = "Ocsf",
            ["TrailWatcher:Sinks:Webhook:Headers:Bad Name"] = "hunter2",
            ["TrailWatcher:Sinks:Webhook:Resilience:FailureRatio"] = "2",
            ["TrailWatcher:Sinks:File:MaxFiles"] = "0",
            ["TrailWatcher:Sinks:Sqs:QueueUrl"] = "not a url",
        });

        SinkSettings.AssertNamed(
            failures,
            "TrailWatcher:Sinks:Webhook:Url",
            "TrailWatcher:Sinks:Webhook:Format",
            "TrailWatcher:Sinks:Webhook:Headers:Bad Name",
            "TrailWatcher:Sinks:Webhook:Resilience:FailureRatio",
            "TrailWatcher:Sinks:File:MaxFiles",
            "TrailWatcher:Sinks:Sqs:QueueUrl");
        Assert.DoesNotContain(failures, f => f.Contains("hunter2", StringComparison.Ordinal) || f.Contains("secret-path", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoSinkEnabled_SaysHowToEnableOne()
    {
        var failure = Assert.Single(SinkSettings.Failures(new() { ["TrailWatcher:Sinks:Console:Enabled"] = "false" }));

        Assert.Contains("no sink is enabled", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddTrailWatcherSinks_SeveralEnabled_BuildsOneResilientSinkEach()
    {
        var file = Path.Combine(Path.GetTempPath(), $"trailwatcher-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using var provider = SinkSettings.Provider(new()
            {
                ["TrailWatcher:Sinks:Console:Enabled"] = "false",
                ["TrailWatcher:Sinks:File:Path"] = file,
                ["TrailWatcher:Sinks:Webhook:Url"] = "http://127.0.0.1:9/hook",
                ["TrailWatcher:Sinks:Webhook:Headers:Authorization"] = "Bearer t",
            });

            var dispatcher = provider.GetRequiredService<AlertDispatcher>();

            Assert.Equal(["file", "webhook"], dispatcher.Sinks.Select(s => s.Name));
            Assert.All(dispatcher.Statuses, s => Assert.False(s.CircuitOpen));
            Assert.Equal("Bearer t", provider.GetRequiredService<IOptions<SinkOptions>>().Value.Webhook.Headers["authorization"]);
            Assert.Equal(WebhookStyle.Native, provider.GetRequiredService<IOptions<SinkOptions>>().Value.Webhook.Style);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
