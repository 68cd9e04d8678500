namespace TrailWatcher.IntegrationTests.Support;

/// <summary>What a queue holds: messages ready to receive and messages received but not yet deleted or released.</summary>
internal readonly record struct QueueDepth(int Visible, int InFlight)
{
    public int Total => Visible + InFlight;

    public override string ToString() => $"{Visible} visible, {InFlight} in flight";
}
