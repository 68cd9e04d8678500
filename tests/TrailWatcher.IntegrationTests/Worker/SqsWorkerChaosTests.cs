using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using TrailWatcher.IntegrationTests.Support;
using Xunit;
using Xunit.Abstractions;

namespace TrailWatcher.IntegrationTests.Worker;

/// <summary>
/// Three replicas on one queue, sharing Redis, under a steady flow of work while one of them is killed (SIGKILL) and
/// replaced every few seconds, S3 answers a share of GETs with errors, stalls and cut bodies, and Redis restarts once.
/// </summary>
/// <remarks>
/// Randomness is seeded (which replica dies, when, and the fault shares), and every wait is bounded. What may differ
/// between runs is only the interleaving, which the assertions do not depend on: they check what a user relies on, that
/// every alert arrives (repeats allowed, with one id), none is invented, and no message is deleted before its alerts
/// were written, judged at the moment each delete passes the proxy.
/// </remarks>
[Collection(AwsEmulatorCollection.Name)]
public sealed class SqsWorkerChaosTests(AwsEmulatorFixture emulator, ITestOutputHelper output)
{
    private const int Replicas = 3;
    private const int ObjectCount = 60;
    private const int Seed = 15;
    private const int MaxKills = 15;
    private static readonly TimeSpan SendSpacing = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Replicas_KilledFaultedAndRedisRestarted_DeliverEveryAlertAndDeleteOnlyFinishedMessages()
    {
        var clock = Stopwatch.StartNew();
        await using var redis = await RedisServer.StartAsync();
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        var queues = await QueuePair.CreateAsync(emulator, "chaos", maxReceiveCount: 50);
        var alertFiles = new List<string>();
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        var watch = new SqsDeleteWatch(body => MissingAlertOf(body, expected, Snapshot(alertFiles)));
        var mix = new FaultMix(Seed, internalError: 0.08, slowDown: 0.08, stall: 0.06, reset: 0.10);
        using var proxy = new FaultProxy(emulator.ServiceUrl, mix.Next, TimeSpan.FromSeconds(10), watch);
        var prefix = $"tw-{Guid.NewGuid():N}:";

        var notifications = new List<string>();
        for (var i = 0; i < ObjectCount; i++)
        {
            var eventId = $"chaos-{i:D3}";
            var key = CloudTrailKeys.Log(eventId);
            expected[key] = eventId;
            JsonNode[] records = [.. Enumerable.Range(0, 40).Select(n => SeedEvents.Background($"bg-{i}-{n}")), SeedEvents.LoggingDisabled(eventId)];
            var size = await harness.PutLogAsync(key, records);
            notifications.Add(Notifications.S3ObjectCreated(harness.Bucket, key, size));
        }

        var generation = 0;
        TrailWatcherProcess Start()
        {
            var file = harness.AlertFilePath($"alerts-{generation++}");
            lock (alertFiles)
            {
                alertFiles.Add(file);
            }

            return harness.StartWorker(harness.Settings(queues.QueueUrl, file, proxy.Url) with
            {
                MaxMessages = 2,
                VisibilityTimeoutSeconds = 6,
                Extra = new Dictionary<string, string>
                {
                    ["TrailWatcher__Dedup__Enabled"] = "true",
                    ["TrailWatcher__Dedup__Redis"] = redis.ConnectionString,
                    ["TrailWatcher__Dedup__KeyPrefix"] = prefix,
                    ["TrailWatcher__S3__ReadStallSeconds"] = "2",
                    ["TrailWatcher__S3__RetryBaseDelaySeconds"] = "0.05",
                    ["TrailWatcher__S3__MaxResumptions"] = "10",
                },
            });
        }

        var replicas = Enumerable.Range(0, Replicas).Select(_ => Start()).ToArray();
        foreach (var replica in replicas)
        {
            Assert.True(await replica.WaitForErrorOutputAsync("Receiving CloudTrail notifications from", StartTimeout), $"A replica did not start polling.\n{Logs(harness)}");
        }

        // The flow of work and the killing overlap: the injector stops when the last notification is out.
        var sending = SendAllAsync(harness, queues.QueueUrl, notifications);
        var random = new Random(Seed);
        var kills = 0;
        var redisRestarted = false;
        while (!sending.IsCompleted && kills < MaxKills)
        {
            await Task.WhenAny(sending, Task.Delay(TimeSpan.FromMilliseconds(random.Next(2_000, 3_500))));
            if (sending.IsCompleted)
            {
                break;
            }

            var slot = random.Next(Replicas);
            replicas[slot].KillHard();
            replicas[slot] = Start();
            kills++;
            if (kills == 3)
            {
                await redis.RestartAsync();
                redisRestarted = true;
            }
        }

        await sending;
        var chaosEnded = clock.Elapsed;
        var allAlerted = await WaitForAsync(() => expected.Values.All(Snapshot(alertFiles).Contains), DrainTimeout);
        var depth = await QueueProbe.WaitForDepthAsync(harness.Sqs, queues.QueueUrl, d => d.Total == 0, DrainTimeout);
        var drained = clock.Elapsed;
        var exits = new List<string>();
        foreach (var replica in replicas)
        {
            var polling = await replica.WaitForErrorOutputAsync("Receiving CloudTrail notifications from", StartTimeout);
            var code = await WorkerHarness.StopAsync(replica, ExitTimeout);
            if (!polling || code != 0)
            {
                exits.Add($"replica pid {replica.Id}: polling {polling}, exit {code}\n{replica.StandardError}");
            }
        }

        var faults = string.Join(", ", Enum.GetValues<ProxyFault>().Select(f => $"{f} {proxy.Count(f)}"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"chaos {chaosEnded.TotalSeconds:F0} s, drained at {drained.TotalSeconds:F0} s, total {clock.Elapsed.TotalSeconds:F0} s; {kills} kills, {watch.Deletes} deletes; faults: {faults}"));
        Assert.True(allAlerted, $"Missing alerts: {string.Join(", ", expected.Values.Except(Snapshot(alertFiles)))}.\n{Logs(harness)}");
        Assert.True(depth.Total == 0, $"The queue still holds {depth}.\n{Logs(harness)}");
        Assert.Empty(watch.Problems);
        Assert.Empty(exits);
        Assert.Equal(0, (await QueueProbe.DepthAsync(harness.Sqs, queues.DeadLetterQueueUrl)).Total);

        // Nothing invented: every alert of any rule is about a planted event; repeats of one event carry one id.
        var lines = alertFiles.SelectMany(AlertFile.ReadAll).ToList();
        Assert.All(lines, l => Assert.True(expected.ContainsValue(l.EventId), $"An alert of {l.RuleId} about {l.EventId}, which no planted event has."));
        Assert.Equal(expected.Values.Order(StringComparer.Ordinal), lines.Where(l => l.RuleId == SeedEvents.RuleId).Select(l => l.EventId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(lines.GroupBy(l => (l.RuleId, l.EventId)), g => Assert.Single(g.Select(l => l.Id).Distinct(StringComparer.Ordinal)));

        // The chaos happened: without these the test would pass on a quiet run.
        Assert.True(redisRestarted, "Redis was not restarted: the work was sent before the third kill.");
        Assert.True(kills >= 5, $"Only {kills} kills.");
        Assert.All(Enum.GetValues<ProxyFault>(), f => Assert.True(proxy.Count(f) > 0, $"No GET got {f}."));
    }

    /// <summary>Why a message must not be deleted yet (its object's alert is not written), or null.</summary>
    private static string? MissingAlertOf(string body, Dictionary<string, string> expected, HashSet<string> alerted)
    {
        var encoded = JsonNode.Parse(body)!["Records"]![0]!["s3"]!["object"]!["key"]!.GetValue<string>();
        var key = Uri.UnescapeDataString(encoded.Replace('+', ' '));
        return alerted.Contains(expected[key]) ? null : $"{key} was deleted before its alert {expected[key]} was written";
    }

    private static HashSet<string> Snapshot(List<string> alertFiles)
    {
        string[] files;
        lock (alertFiles)
        {
            files = [.. alertFiles];
        }

        return [.. files.SelectMany(AlertFile.EventIds)];
    }

    private static async Task SendAllAsync(WorkerHarness harness, string queueUrl, List<string> notifications)
    {
        foreach (var body in notifications)
        {
            await harness.SendAsync(queueUrl, body);
            await Task.Delay(SendSpacing);
        }
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed >= timeout)
            {
                return false;
            }

            await Task.Delay(200);
        }

        return true;
    }

    // The last lines of each replica: enough to see why one stalled, without pages of start-up noise.
    private static string Logs(WorkerHarness harness) =>
        string.Join("\n", harness.WorkerLogs().Split('\n').TakeLast(200));
}
