using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Evaluation;

namespace TrailWatcher.Alerting;

/// <summary>Dedup groups in Redis, shared by every replica: one alert per group, counts that add up, one closing update.</summary>
/// <remarks>
/// Every step is one Lua script (<see cref="RedisDedupScripts"/>). Keys expire after a few periods, but only as
/// protection against leftovers: groups are closed and deleted by the replicas' timers. The scripts touch several
/// keys of one prefix, so this needs a single Redis (a primary with replicas is fine), not Redis Cluster.
/// </remarks>
internal sealed class RedisDedupStore : IDedupStore, IAsyncDisposable
{
    private const int CloseBatch = 1000;
    private readonly IConnectionMultiplexer _connection;
    private readonly string _prefix;
    private readonly RedisKey _open;

    public RedisDedupStore(IConnectionMultiplexer connection, string prefix)
    {
        _connection = connection;
        _prefix = prefix;
        _open = prefix + "open";
    }

    // While Redis is away, matches wait (delivery with them): readiness says so, so the replica leaves rotation and someone is told.
    public string? Problem => _connection.IsConnected ? null : $"the dedup store (Redis {string.Join(", ", _connection.GetEndPoints().Select(e => e.ToString()))}) is not connected";

    /// <summary>Connects lazily: a Redis that is down at start delays counting, it does not stop the service.</summary>
    public static RedisDedupStore Connect(string connectionString, string prefix)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        return new RedisDedupStore(ConnectionMultiplexer.Connect(options), prefix);
    }

    public async ValueTask<DedupResult> AddAsync(RuleMatch match, DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var member = Member(match.Rule.Id, match.DedupKey);
        var period = match.Period;
        var ttl = TimeSpan.FromTicks(Math.Max(period.Ticks * 3, TimeSpan.FromMinutes(1).Ticks));
        var result = await _connection.GetDatabase().ScriptEvaluateAsync(
            RedisDedupScripts.Add,
            [_prefix + "g:" + member, _prefix + "g:" + member + ":ids", _open],
            [
                member,
                Encoding.UTF8.GetString(AlertJson.ToUtf8(match.Alert)),
                match.Alert.Id,
                match.Alert.EventIds.Count > 0 ? match.Alert.EventIds[0] : "",
                match.Alert.FirstSeen ?? "",
                match.Rule.Threshold,
                (long)period.TotalMilliseconds,
                now.ToUnixTimeMilliseconds(),
                (long)ttl.TotalMilliseconds,
            ]).ConfigureAwait(false);
        using var document = JsonDocument.Parse((string)result!);
        var root = document.RootElement;
        var raised = root.TryGetProperty("raised", out var raisedElement) && raisedElement.ValueKind == JsonValueKind.Object ? Snapshot(raisedElement) : null;
        var closed = root.TryGetProperty("closed", out var closedElement) ? Snapshots(closedElement) : [];
        return raised is null && closed.Count == 0 ? DedupResult.Counted : new DedupResult(raised, closed);
    }

    public async ValueTask<IReadOnlyList<GroupSnapshot>> CloseDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var closed = new List<GroupSnapshot>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await _connection.GetDatabase().ScriptEvaluateAsync(
                RedisDedupScripts.CloseDue,
                [_open],
                [now.ToUnixTimeMilliseconds(), _prefix, CloseBatch]).ConfigureAwait(false);
            using var document = JsonDocument.Parse((string)result!);
            var batch = Snapshots(document.RootElement);
            closed.AddRange(batch);
            // A batch may close groups without updates (below threshold); stop when the script found nothing due.
            if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() < CloseBatch)
            {
                return closed;
            }
        }
    }

    /// <summary>Nothing: the groups live on in Redis, and whichever replica runs at their period end closes them.</summary>
    public ValueTask<IReadOnlyList<GroupSnapshot>> CloseOnStopAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<GroupSnapshot>>([]);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync().ConfigureAwait(false);

    // Rule ids and keys may hold any text; a fixed-length hash keeps key names short and safe.
    private static string Member(string ruleId, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ruleId + "\n" + key))[..16]);

    // cjson writes an empty Lua table as {}, so an empty list may come back as an object.
    private static List<GroupSnapshot> Snapshots(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? [.. element.EnumerateArray().Select(Snapshot)] : [];

    private static GroupSnapshot Snapshot(JsonElement element) => new(
        AlertJsonReader.Read(Encoding.UTF8.GetBytes(element.GetProperty("template").GetString()!)),
        element.GetProperty("alert_id").GetString()!,
        element.GetProperty("count").GetInt32(),
        Text(element, "first_seen"),
        Text(element, "last_seen"),
        element.TryGetProperty("event_ids", out var ids) && ids.ValueKind == JsonValueKind.Array ? [.. ids.EnumerateArray().Select(i => i.GetString()!)] : []);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
