using System.Globalization;
using StackExchange.Redis;

namespace TrailWatcher.Alerting;

/// <summary>
/// The correlation inputs of every replica in one Redis stream, and who has delivered which correlation alert.
/// </summary>
/// <remarks>
/// <para>
/// Each replica appends the matches it reads and the newest eventTime per account, and applies the whole stream, its own
/// steps included, in stream order to its engines. Every replica so holds the same state and decides the same windows
/// with the same alert ids; a restarted replica rebuilds that state by reading the stream from its start. Entries older
/// than the longest timespan plus the allowed lateness (and a margin) are trimmed: no window still open needs them.
/// </para>
/// <para>
/// Deciding is done by all, delivering by one: a replica takes a lease on the alert id before it delivers, and marks the
/// id sent after. A replica that finds the id sent drops the alert; one that finds another's lease keeps the alert and
/// asks again when the lease may have run out, so a replica killed between lease and delivery costs a delay, not the alert.
/// </para>
/// </remarks>
internal sealed class RedisCorrelationLog(IConnectionMultiplexer connection, string prefix, TimeSpan retention)
{
    private const int ReadBatch = 1000;

    // 0: already sent, drop it. 1: the lease is ours, deliver. 2: another replica holds the lease, ask again later.
    // KEYS[1] the sent marker, KEYS[2] the lease; ARGV[1] this replica, ARGV[2] the lease in milliseconds. Plain keys and
    // arguments rather than LuaScript's named parameters, which read an anonymous object by reflection and compile an
    // accessor at run time: the shipped build is compiled ahead of time.
    private const string ClaimScript =
        """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
        if redis.call('GET', KEYS[2]) == ARGV[1] then return 1 end
        return 2
        """;

    private readonly RedisKey _stream = prefix + "correlation:log";
    private RedisValue _cursor = "0-0";

    /// <summary>How long a lease to deliver one alert lasts: well above one delivery with its retries.</summary>
    public static TimeSpan Lease { get; } = TimeSpan.FromMinutes(2);

    public string? Problem => connection.IsConnected ? null : "the correlation log (Redis) is not connected";

    public async Task AppendAsync(IReadOnlyList<CorrelationLogEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var database = connection.GetDatabase();
        var batch = database.CreateBatch();
        var added = entries.Select(e => batch.StreamAddAsync(_stream, Fields(e))).ToList();
        batch.Execute();
        await Task.WhenAll(added).ConfigureAwait(false);
    }

    /// <summary>The entries appended since the last call, by any replica, in stream order.</summary>
    public async Task<IReadOnlyList<CorrelationLogEntry>> ReadNewAsync()
    {
        var read = new List<CorrelationLogEntry>();
        var database = connection.GetDatabase();
        while (true)
        {
            var entries = await database.StreamReadAsync(_stream, _cursor, ReadBatch).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                _cursor = entry.Id;
                if (Parse(entry) is { } parsed)
                {
                    read.Add(parsed);
                }
            }

            if (entries.Length < ReadBatch)
            {
                return read;
            }
        }
    }

    /// <summary>Drops entries appended longer ago than the retention; approximate, as Redis trims whole nodes.</summary>
    public Task TrimAsync(DateTimeOffset now) =>
        connection.GetDatabase().ExecuteAsync("XTRIM", _stream, "MINID", "~", (now - retention).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>0: the alert was sent already; 1: this replica holds the lease and delivers; 2: another replica holds it.</summary>
    public async Task<int> ClaimAsync(string alertId, string writer)
    {
        var result = await connection.GetDatabase().ScriptEvaluateAsync(
            ClaimScript,
            [prefix + "correlation:sent:" + alertId, prefix + "correlation:claim:" + alertId],
            [writer, (long)Lease.TotalMilliseconds]).ConfigureAwait(false);
        return (int)result;
    }

    /// <summary>Marks delivered alerts so no replica delivers them again while their entries can still be replayed.</summary>
    public async Task MarkSentAsync(IEnumerable<string> alertIds)
    {
        var database = connection.GetDatabase();
        var batch = database.CreateBatch();
        var marked = new List<Task>();
        foreach (var id in alertIds)
        {
            // The mark outlives the entries a replay could decide the alert from.
            marked.Add(batch.StringSetAsync(prefix + "correlation:sent:" + id, 1, retention + retention));
            marked.Add(batch.KeyDeleteAsync(prefix + "correlation:claim:" + id));
        }

        batch.Execute();
        await Task.WhenAll(marked).ConfigureAwait(false);
    }

    private static NameValueEntry[] Fields(CorrelationLogEntry entry) => entry.IsMatch
        ?
        [
            new("w", entry.Writer), new("a", entry.Account), new("t", entry.Ticks),
            new("r", entry.RuleId), new("i", entry.EventId), new("j", entry.RecordJson),
        ]
        : [new("w", entry.Writer), new("a", entry.Account), new("t", entry.Ticks)];

    private static CorrelationLogEntry? Parse(StreamEntry entry)
    {
        var writer = entry["w"];
        var account = entry["a"];
        if (writer.IsNull || account.IsNull || !entry["t"].TryParse(out long ticks))
        {
            // Not one of ours (another tool writing to the key); skipping it changes no decision.
            return null;
        }

        var rule = entry["r"];
        return rule.IsNull
            ? new CorrelationLogEntry(writer!, account!, ticks)
            : new CorrelationLogEntry(writer!, account!, ticks, rule, entry["i"], entry["j"]);
    }
}
