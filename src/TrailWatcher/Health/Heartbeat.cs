namespace TrailWatcher.Health;

/// <summary>The source loop's sign of life: it beats on every turn, and while it waits on back-pressure.</summary>
internal sealed class Heartbeat(TimeProvider time)
{
    private long _last = time.GetTimestamp();

    public void Beat() => Interlocked.Exchange(ref _last, time.GetTimestamp());

    public TimeSpan SinceLastBeat => time.GetElapsedTime(Interlocked.Read(ref _last));
}
