namespace TrailWatcher.IntegrationTests.Support;

/// <summary>What <see cref="FaultProxy"/> does to one S3 object GET.</summary>
internal enum ProxyFault
{
    /// <summary>Passed through untouched.</summary>
    None,

    /// <summary>A 500 InternalError, the emulator not asked.</summary>
    InternalError,

    /// <summary>A 503 SlowDown, as S3 throttles.</summary>
    SlowDown,

    /// <summary>Half the body, then no more bytes while the connection stays open.</summary>
    Stall,

    /// <summary>Half the body, then the connection reset.</summary>
    Reset,
}
