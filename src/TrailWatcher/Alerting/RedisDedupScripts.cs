namespace TrailWatcher.Alerting;

/// <summary>The Lua scripts that make the Redis dedup store atomic: each runs as one step, so replicas never race on a group.</summary>
/// <remarks>
/// A group is a hash (template, first_id, count, emitted, first_seen, last_seen, period_end, alert_id), a list of the
/// eventIDs no record carried yet, and a member of the <c>open</c> sorted set scored by its period end. Whoever removes
/// a member from <c>open</c> closes that group: the removal happens inside a script, so exactly one caller gets it.
/// </remarks>
internal static class RedisDedupScripts
{
    // Reads a group and deletes it; its update when the alert was raised and events were counted since.
    private const string Close = """
        local function close(hash, ids)
          local g = redis.call('HMGET', hash, 'template', 'alert_id', 'count', 'emitted', 'first_seen', 'last_seen')
          local result = nil
          if g[1] and g[2] and tonumber(g[3]) > tonumber(g[4]) then
            result = {template = g[1], alert_id = g[2], count = tonumber(g[3]), first_seen = g[5], last_seen = g[6], event_ids = redis.call('LRANGE', ids, 0, -1)}
          end
          redis.call('DEL', hash, ids)
          return result
        end
        """;

    /// <summary>KEYS: group hash, its id list, the open set. ARGV: member, template JSON, this match's alert id, eventID, eventTime, threshold, period ms, now ms, TTL ms.</summary>
    public const string Add = Close + """

        local now = tonumber(ARGV[8])
        local closed = {}
        local pe = redis.call('HGET', KEYS[1], 'period_end')
        if pe and tonumber(pe) <= now then
          redis.call('ZREM', KEYS[3], ARGV[1])
          local c = close(KEYS[1], KEYS[2])
          if c then table.insert(closed, c) end
          pe = nil
        end
        if not pe then
          pe = now + tonumber(ARGV[7])
          redis.call('HSET', KEYS[1], 'template', ARGV[2], 'first_id', ARGV[3], 'count', 0, 'emitted', 0, 'period_end', pe)
          redis.call('ZADD', KEYS[3], pe, ARGV[1])
        end
        local n = redis.call('HINCRBY', KEYS[1], 'count', 1)
        if ARGV[4] ~= '' then redis.call('RPUSH', KEYS[2], ARGV[4]) end
        if ARGV[5] ~= '' then
          local fs = redis.call('HGET', KEYS[1], 'first_seen')
          if not fs or ARGV[5] < fs then redis.call('HSET', KEYS[1], 'first_seen', ARGV[5]) end
          local ls = redis.call('HGET', KEYS[1], 'last_seen')
          if not ls or ARGV[5] > ls then redis.call('HSET', KEYS[1], 'last_seen', ARGV[5]) end
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[9])
        redis.call('PEXPIRE', KEYS[2], ARGV[9])
        local raised = nil
        if n == tonumber(ARGV[6]) then
          local g = redis.call('HMGET', KEYS[1], 'template', 'first_id', 'first_seen', 'last_seen')
          redis.call('HSET', KEYS[1], 'alert_id', g[2], 'emitted', n)
          raised = {template = g[1], alert_id = g[2], count = n, first_seen = g[3], last_seen = g[4], event_ids = redis.call('LRANGE', KEYS[2], 0, -1)}
          redis.call('DEL', KEYS[2])
        end
        return cjson.encode({raised = raised, closed = closed})
        """;

    /// <summary>KEYS: the open set. ARGV: now ms, key prefix, most groups to close in one call.</summary>
    public const string CloseDue = Close + """

        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
        local out = {}
        for _, m in ipairs(due) do
          redis.call('ZREM', KEYS[1], m)
          local c = close(ARGV[2] .. 'g:' .. m, ARGV[2] .. 'g:' .. m .. ':ids')
          if c then table.insert(out, c) end
        end
        return cjson.encode(out)
        """;
}
