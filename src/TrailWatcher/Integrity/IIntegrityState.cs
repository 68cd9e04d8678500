namespace TrailWatcher.Integrity;

/// <summary>What continuous digest validation remembers: the ledger of processed objects, each chain's last digest, open delivery gaps.</summary>
/// <remarks>In memory for one replica (<see cref="InMemoryIntegrityState"/>), in Redis when replicas share it (<see cref="RedisIntegrityState"/>).</remarks>
internal interface IIntegrityState
{
    /// <summary>Notes that the log file at <paramref name="location"/> (s3://bucket/key) was read, evaluated and its alerts delivered; kept for the retention.</summary>
    ValueTask RecordAsync(string location, string contentHash, CancellationToken cancellationToken);

    /// <summary>The SHA-256 recorded for <paramref name="location"/>; null when no replica processed it within the retention.</summary>
    ValueTask<string?> HashOfAsync(string location, CancellationToken cancellationToken);

    /// <summary>The newest digest validated for <paramref name="chain"/>; null when none was.</summary>
    ValueTask<DigestLink?> LastDigestAsync(string chain, CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="link"/> as the chain's last digest, unless a later one is kept already.</summary>
    ValueTask KeepDigestAsync(string chain, DigestLink link, CancellationToken cancellationToken);

    /// <summary>Every chain's last digest end time: the trails, accounts and regions learned from what arrived.</summary>
    ValueTask<IReadOnlyDictionary<string, DateTimeOffset>> ChainsAsync(CancellationToken cancellationToken);

    /// <summary>Opens a delivery gap for <paramref name="target"/>; true only for the caller that opened it (one alert across replicas).</summary>
    ValueTask<bool> OpenGapAsync(string target, DateTimeOffset lastDelivery, CancellationToken cancellationToken);

    /// <summary>Closes <paramref name="target"/>'s open gap; its last delivery before the gap for the caller that closed it, otherwise null.</summary>
    ValueTask<DateTimeOffset?> CloseGapAsync(string target, CancellationToken cancellationToken);
}
