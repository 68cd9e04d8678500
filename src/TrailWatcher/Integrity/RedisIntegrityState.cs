using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace TrailWatcher.Integrity;

/// <summary>Integrity state in Redis, shared by every replica: the replica that read a log file may not be the one that gets its digest.</summary>
/// <remarks>
/// Ledger entries are plain keys with a time to live (the retention); chains and gaps are two hashes, small (one field per
/// trail and region). Keys share the dedup store's prefix, so one Redis serves both.
/// </remarks>
internal sealed class RedisIntegrityState(IConnectionMultiplexer connection, string prefix, TimeSpan retention) : IIntegrityState
{
    // Keeps the later of two digests atomically, so replicas validating two digests of a chain at once agree.
    private const string KeepLater = """
        local kept = redis.call('HGET', KEYS[1], ARGV[1])
        if kept then
          local keptEnd = tonumber(string.match(kept, '"EndTicks":(%d+)'))
          if keptEnd and keptEnd >= tonumber(ARGV[3]) then return 0 end
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        return 1
        """;

    private readonly RedisKey _chains = prefix + "integrity:chains";
    private readonly RedisKey _gaps = prefix + "integrity:gaps";

    public async ValueTask RecordAsync(string location, string contentHash, CancellationToken cancellationToken) =>
        await connection.GetDatabase().StringSetAsync(LedgerKey(location), contentHash, retention).ConfigureAwait(false);

    public async ValueTask<string?> HashOfAsync(string location, CancellationToken cancellationToken)
    {
        var value = await connection.GetDatabase().StringGetAsync(LedgerKey(location)).ConfigureAwait(false);
        return value.HasValue ? value.ToString() : null;
    }

    public async ValueTask<DigestLink?> LastDigestAsync(string chain, CancellationToken cancellationToken)
    {
        var value = await connection.GetDatabase().HashGetAsync(_chains, chain).ConfigureAwait(false);
        return value.HasValue ? Read(value.ToString()) : null;
    }

    public async ValueTask KeepDigestAsync(string chain, DigestLink link, CancellationToken cancellationToken)
    {
        var stored = new StoredLink(link.Location, link.ContentHash, link.Signature, link.EndTime.UtcTicks);
        await connection.GetDatabase().ScriptEvaluateAsync(
            KeepLater,
            [_chains],
            [chain, JsonSerializer.Serialize(stored, IntegrityJson.Default.StoredLink), stored.EndTicks]).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyDictionary<string, DateTimeOffset>> ChainsAsync(CancellationToken cancellationToken)
    {
        var entries = await connection.GetDatabase().HashGetAllAsync(_chains).ConfigureAwait(false);
        var chains = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (Read(entry.Value.ToString()) is { } link)
            {
                chains[entry.Name.ToString()] = link.EndTime;
            }
        }

        return chains;
    }

    public async ValueTask<bool> OpenGapAsync(string target, DateTimeOffset lastDelivery, CancellationToken cancellationToken) =>
        await connection.GetDatabase().HashSetAsync(_gaps, target, lastDelivery.UtcTicks, When.NotExists).ConfigureAwait(false);

    public async ValueTask<DateTimeOffset?> CloseGapAsync(string target, CancellationToken cancellationToken)
    {
        var database = connection.GetDatabase();
        var since = await database.HashGetAsync(_gaps, target).ConfigureAwait(false);
        // Only the replica whose delete removed the field reports the end of the gap.
        return since.HasValue && await database.HashDeleteAsync(_gaps, target).ConfigureAwait(false)
            ? new DateTimeOffset(long.Parse(since.ToString(), CultureInfo.InvariantCulture), TimeSpan.Zero)
            : null;
    }

    private RedisKey LedgerKey(string location) => prefix + "integrity:ledger:" + location;

    private static DigestLink? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, IntegrityJson.Default.StoredLink) is { } s
                ? new DigestLink(s.Location, s.ContentHash, s.Signature, new DateTimeOffset(s.EndTicks, TimeSpan.Zero))
                : null;
        }
        catch (JsonException)
        {
            // Not ours (a key prefix shared by mistake): treated as no digest seen, which only skips one link check.
            return null;
        }
    }
}
