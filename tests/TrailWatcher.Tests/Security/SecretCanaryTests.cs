using StackExchange.Redis;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Security;

/// <summary>
/// Secrets set in configuration (a webhook's Authorization header, a Slack URL, the Redis password, the AWS secret key,
/// the Splunk HEC token, the OpenSearch password, the PagerDuty routing key, the Opsgenie API key, a Teams workflow URL)
/// never appear in what the service writes: logs, metrics, alerts, or <c>config check</c>.
/// </summary>
public sealed class SecretCanaryTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-canary-").FullName;

    // Distinct, unlikely strings, so a hit can only be a leak.
    private readonly string _authorization = "canary-auth-" + Guid.NewGuid().ToString("N");
    private readonly string _slackToken = "canary-slack-" + Guid.NewGuid().ToString("N");
    private readonly string _redisPassword = "canary-redis-" + Guid.NewGuid().ToString("N");
    private readonly string _awsSecret = "canary-aws-" + Guid.NewGuid().ToString("N");
    private readonly string _splunkToken = "canary-splunk-" + Guid.NewGuid().ToString("N");
    private readonly string _searchPassword = "canary-search-" + Guid.NewGuid().ToString("N");
    private readonly string _pagerDutyKey = "canary-pd-" + Guid.NewGuid().ToString("N");
    private readonly string _opsgenieKey = "canary-og-" + Guid.NewGuid().ToString("N");
    private readonly string _teamsSignature = "canary-teams-" + Guid.NewGuid().ToString("N");

    private IEnumerable<string> Canaries => [_authorization, _slackToken, _redisPassword, _awsSecret, _splunkToken, _searchPassword, _pagerDutyKey, _opsgenieKey, _teamsSignature];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_AlertsFailuresAndRetriesThroughEverySink_NoSecretInLogsMetricsAlertsOrConfigCheck()
    {
        await using var redis = await RedisServer.StartAsync(_redisPassword);
        // The Slack token is part of the URL's path, as in a real incoming-webhook URL; the receiver fails at first.
        using var webhook = new WebhookReceiver(status: 503, path: "/services/T000/B000/" + _slackToken);
        using var splunk = new SplunkHecReceiver(_splunkToken) { Status = 503 };
        using var search = new OpenSearchReceiver(BasicAuthorization("trailwatcher", _searchPassword)) { Status = 503 };
        // The paging services fail at first too, so their failures and retries are logged.
        using var pagerDuty = new WebhookReceiver(status: 503, path: "/v2/enqueue");
        using var opsgenie = new WebhookReceiver(status: 503, path: "/v2/alerts");
        using var teams = new WebhookReceiver(status: 503, path: "/workflows/" + _teamsSignature);
        WebhookReceiver[] paging = [pagerDuty, opsgenie, teams];
        var inbox = Path.Combine(_dir, "inbox");
        var alertFile = Path.Combine(_dir, "alerts.jsonl");
        var environment = new Dictionary<string, string>
        {
            // Debug, as someone chasing a delivery problem runs it: every retry is logged with its reason.
            ["Logging__LogLevel__Default"] = "Debug",
            ["TrailWatcher__Directory__Path"] = inbox,
            ["TrailWatcher__Directory__PollIntervalSeconds"] = "0.2",
            ["TrailWatcher__Sinks__File__Path"] = alertFile,
            ["TrailWatcher__Sinks__Webhook__Url"] = webhook.Url,
            ["TrailWatcher__Sinks__Webhook__Style"] = "Slack",
            ["TrailWatcher__Sinks__Webhook__Headers__Authorization"] = "Bearer " + _authorization,
            ["TrailWatcher__Sinks__Webhook__Resilience__RetryDelaySeconds"] = "0.2",
            ["TrailWatcher__Sinks__Webhook__Resilience__MaxRetryDelaySeconds"] = "0.5",
            // Splunk's collector is busy at first too, and acknowledgment queries carry the token as well.
            ["TrailWatcher__Sinks__SplunkHec__Url"] = splunk.BaseUrl,
            ["TrailWatcher__Sinks__SplunkHec__Token"] = _splunkToken,
            ["TrailWatcher__Sinks__SplunkHec__UseAck"] = "true",
            ["TrailWatcher__Sinks__SplunkHec__AckPollIntervalSeconds"] = "0.1",
            ["TrailWatcher__Sinks__SplunkHec__Resilience__RetryDelaySeconds"] = "0.2",
            ["TrailWatcher__Sinks__SplunkHec__Resilience__MaxRetryDelaySeconds"] = "0.5",
            ["TrailWatcher__Sinks__OpenSearch__Url"] = search.BaseUrl,
            ["TrailWatcher__Sinks__OpenSearch__Username"] = "trailwatcher",
            ["TrailWatcher__Sinks__OpenSearch__Password"] = _searchPassword,
            ["TrailWatcher__Sinks__OpenSearch__Resilience__RetryDelaySeconds"] = "0.2",
            ["TrailWatcher__Sinks__OpenSearch__Resilience__MaxRetryDelaySeconds"] = "0.5",
            ["TrailWatcher__Sinks__PagerDuty__Url"] = pagerDuty.Url,
            ["TrailWatcher__Sinks__PagerDuty__RoutingKey"] = _pagerDutyKey,
            ["TrailWatcher__Sinks__PagerDuty__Resilience__RetryDelaySeconds"] = "0.2",
            ["TrailWatcher__Sinks__Opsgenie__Url"] = opsgenie.Url,
            ["TrailWatcher__Sinks__Opsgenie__ApiKey"] = _opsgenieKey,
            ["TrailWatcher__Sinks__Opsgenie__Resilience__RetryDelaySeconds"] = "0.2",
            ["TrailWatcher__Sinks__Teams__Url"] = teams.Url,
            ["TrailWatcher__Sinks__Teams__Resilience__RetryDelaySeconds"] = "0.2",
            // An SQS sink nobody answers: its failures and retries are logged with the AWS credentials configured.
            ["TrailWatcher__Sinks__Sqs__QueueUrl"] = "http://127.0.0.1:1/000000000000/alerts",
            ["TrailWatcher__Sinks__Sqs__Resilience__RetryDelaySeconds"] = "0.2",
            // SNS and EventBridge sinks nobody answers either: they sign every attempt with the AWS secret key.
            ["TrailWatcher__Sinks__Sns__TopicArn"] = "arn:aws:sns:us-east-1:000000000000:alerts",
            ["TrailWatcher__Sinks__Sns__Resilience__RetryDelaySeconds"] = "0.2",
            ["TrailWatcher__Sinks__EventBridge__EventBusName"] = "default",
            ["TrailWatcher__Sinks__EventBridge__Resilience__RetryDelaySeconds"] = "0.2",
            ["TrailWatcher__Aws__ServiceUrl"] = "http://127.0.0.1:1",
            ["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = _awsSecret,
            ["AWS_REGION"] = "us-east-1",
            ["TrailWatcher__Dedup__Redis"] = redis.ConnectionString,
            ["TrailWatcher__Dedup__KeyPrefix"] = "canary:",
        };
        var trail = Path.Combine(inbox, "AWSLogs", "111111111111", "CloudTrail", "us-west-2", "2024", "01", "15");
        TrailFiles.WriteGzip(Path.Combine(trail, "a.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("hit-1"), SeedEvents.Background("bg-1")]));

        await using var service = TrailWatcherProcess.Start(_dir, environment, "run");
        var endpoint = await service.EndpointAsync(Timeout);
        Assert.True(await Eventually(() => webhook.Requests.Count >= 3), $"The webhook saw no retries.\n{service.StandardError}");
        Assert.True(await Eventually(() => splunk.EventRequests.Count >= 3 && search.Requests.Count >= 3), $"Splunk or OpenSearch saw no retries.\n{service.StandardError}");
        Assert.True(await Eventually(() => paging.All(r => r.Requests.Count >= 2)), $"A paging sink saw no retries.\n{service.StandardError}");
        webhook.Status = 200;
        splunk.Status = 200;
        search.Status = 200;
        Array.ForEach(paging, r => r.Status = 202);
        Assert.True(await Eventually(() => webhook.Accepted.Count >= 1 && File.Exists(alertFile) && splunk.AckQueries.Count >= 1 && search.Requests.Any(r => r.Status == 200)), $"No alert was delivered.\n{service.StandardError}");
        Assert.True(await Eventually(() => paging.All(r => r.Accepted.Count >= 1)), $"A paging sink got no alert.\n{service.StandardError}");
        Assert.True(await service.WaitForErrorOutputAsync("sqs", Timeout), $"The SQS sink's failure was not logged.\n{service.StandardError}");
        Assert.True(await service.WaitForErrorOutputAsync("SNS 127.0.0.1", Timeout), $"The SNS sink's failure was not logged.\n{service.StandardError}");
        Assert.True(await service.WaitForErrorOutputAsync("EventBridge 127.0.0.1", Timeout), $"The EventBridge sink's failure was not logged.\n{service.StandardError}");
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(endpoint, "metrics"));
        var ready = await http.GetAsync(new Uri(endpoint, "readyz"));
        var readiness = await ready.Content.ReadAsStringAsync();
        service.Terminate();
        await service.WaitForExitAsync(Timeout);

        // The secrets were in use: a test that never exercised them would prove nothing.
        Assert.All(webhook.Requests, r => Assert.Equal("Bearer " + _authorization, r.Header("Authorization")));
        Assert.All(splunk.Requests, r => Assert.Equal("Splunk " + _splunkToken, r.Header("Authorization")));
        Assert.All(search.Requests, r => Assert.Equal(BasicAuthorization("trailwatcher", _searchPassword), r.Header("Authorization")));
        Assert.All(pagerDuty.Requests, r => Assert.Contains(_pagerDutyKey, r.Body, StringComparison.Ordinal));
        Assert.All(opsgenie.Requests, r => Assert.Equal("GenieKey " + _opsgenieKey, r.Header("Authorization")));
        await using (var client = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            Assert.NotEmpty(client.GetServer(client.GetEndPoints()[0]).Keys(pattern: "canary:*"));
        }

        await using var check = TrailWatcherProcess.Start(_dir, environment, "config", "check");
        Assert.Equal(0, await check.WaitForExitAsync(Timeout));
        var written = new Dictionary<string, string>
        {
            ["stdout (console sink)"] = service.StandardOutput,
            ["stderr (logs)"] = service.StandardError,
            ["alert file"] = await File.ReadAllTextAsync(alertFile),
            ["webhook bodies"] = string.Join("\n", webhook.Requests.Select(r => r.Body)),
            ["splunk bodies"] = string.Join("\n", splunk.Requests.Select(r => r.Body)),
            ["opensearch bodies"] = string.Join("\n", search.Requests.Select(r => r.Body)),
            // PagerDuty's body carries its routing key by design; the other services' bodies carry no secret.
            ["Opsgenie and Teams bodies"] = string.Join("\n", opsgenie.Requests.Concat(teams.Requests).Select(r => r.Body)),
            ["metrics"] = metrics,
            ["readiness"] = readiness,
            ["config check"] = check.StandardOutput + check.StandardError,
        };
        foreach (var (where, text) in written)
        {
            foreach (var canary in Canaries)
            {
                Assert.False(text.Contains(canary, StringComparison.Ordinal), $"{where} holds a secret ({canary[..12]}…):\n{text}");
            }
        }
    }

    private static string BasicAuthorization(string user, string password) =>
        "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Timeout)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }
}
