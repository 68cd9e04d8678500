namespace TrailWatcher.IntegrationTests.Support;

/// <summary>A seeded plan for <see cref="FaultProxy"/>: each object GET gets a fault at the given shares, the rest pass.</summary>
internal sealed class FaultMix(int seed, double internalError, double slowDown, double stall, double reset)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();

    public ProxyFault Next(ObjectGet get)
    {
        _ = get;
        double roll;
        lock (_gate)
        {
            roll = _random.NextDouble();
        }

        return roll switch
        {
            _ when roll < internalError => ProxyFault.InternalError,
            _ when roll < internalError + slowDown => ProxyFault.SlowDown,
            _ when roll < internalError + slowDown + stall => ProxyFault.Stall,
            _ when roll < internalError + slowDown + stall + reset => ProxyFault.Reset,
            _ => ProxyFault.None,
        };
    }
}
