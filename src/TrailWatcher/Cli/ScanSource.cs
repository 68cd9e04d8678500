using TrailWatcher.Pipeline;

namespace TrailWatcher.Cli;

/// <summary>What a scan reads: the log objects in order, how many inputs it passed over or could not find, and what must live as long as the reads.</summary>
internal sealed class ScanSource(IReadOnlyList<LogObject> objects, int skipped, int missing, IDisposable? owned = null) : IDisposable
{
    public IReadOnlyList<LogObject> Objects { get; } = objects;

    public int Skipped { get; } = skipped;

    public int Missing { get; } = missing;

    public void Dispose() => owned?.Dispose();
}
