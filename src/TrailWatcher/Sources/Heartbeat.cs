namespace TrailWatcher.Sources;

/// <summary>The source loop's sign of life: it beats on every turn, and while it waits on back-pressure.</summary>
/// <remarks>Published by the source and read by the liveness check, so it lives with the source.</remarks>
internal sealed class Heartbeat(TimeProvider time)
{
    private long _last = time.GetTimestamp();

    public void Beat() => Interlocked.Exchange(ref _last, time.GetTimestamp());

    public TimeSpan SinceLastBeat => time.GetElapsedTime(Interlocked.Read(ref _last));
}
