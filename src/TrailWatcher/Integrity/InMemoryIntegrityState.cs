using System.Collections.Concurrent;

namespace TrailWatcher.Integrity;

/// <summary>Integrity state of one replica, in memory; ledger entries expire after the retention.</summary>
internal sealed class InMemoryIntegrityState(TimeSpan retention, TimeProvider time) : IIntegrityState
{
    // Swept every this many records: expiry costs nothing per record, and memory stays bounded by the retention.
    private const int SweepEvery = 4096;
    private readonly ConcurrentDictionary<string, (string Hash, DateTimeOffset Expires)> _ledger = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DigestLink> _chains = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _gaps = new(StringComparer.Ordinal);
    private int _recorded;

    public int LedgerCount => _ledger.Count;

    public ValueTask RecordAsync(string location, string contentHash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _ledger[location] = (contentHash, now + retention);
        if (Interlocked.Increment(ref _recorded) % SweepEvery == 0)
        {
            Sweep(now);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<string?> HashOfAsync(string location, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_ledger.TryGetValue(location, out var entry) && entry.Expires > time.GetUtcNow() ? entry.Hash : null);

    public ValueTask<DigestLink?> LastDigestAsync(string chain, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_chains.GetValueOrDefault(chain));

    public ValueTask KeepDigestAsync(string chain, DigestLink link, CancellationToken cancellationToken)
    {
        _chains.AddOrUpdate(chain, link, (_, kept) => kept.EndTime >= link.EndTime ? kept : link);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyDictionary<string, DateTimeOffset>> ChainsAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyDictionary<string, DateTimeOffset>>(_chains.ToDictionary(c => c.Key, c => c.Value.EndTime, StringComparer.Ordinal));

    public ValueTask<bool> OpenGapAsync(string target, DateTimeOffset lastDelivery, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_gaps.TryAdd(target, lastDelivery));

    public ValueTask<DateTimeOffset?> CloseGapAsync(string target, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DateTimeOffset?>(_gaps.TryRemove(target, out var since) ? since : null);

    private void Sweep(DateTimeOffset now)
    {
        foreach (var entry in _ledger)
        {
            if (entry.Value.Expires <= now)
            {
                _ledger.TryRemove(entry);
            }
        }
    }
}
