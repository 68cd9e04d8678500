using System.Runtime;

namespace TrailWatcher.Rules;

/// <summary>Holds off garbage collection while the rule files are parsed, up to a budget of allocation.</summary>
/// <remarks>
/// Parsing the built-in pack allocates about 13 MB of YAML trees that die file by file. With one core the GC's first
/// generation is small, so collections fell in the middle of the load and copied the trees still being built; after
/// the pause, the first collection finds them all dead. A load that allocates more than the budget (Sigma and EQL on)
/// gets its collections back from that point, so memory stays bounded.
/// </remarks>
internal sealed class CollectionPause : IDisposable
{
    private const long Budget = 16L * 1024 * 1024;

    private readonly bool _started;

    private CollectionPause(bool started) => _started = started;

    public static CollectionPause Start()
    {
        // Asking for a second pause while one holds ends the first.
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            return new CollectionPause(false);
        }

        try
        {
            return new CollectionPause(GC.TryStartNoGCRegion(Budget));
        }
        catch (InvalidOperationException)
        {
            // Another thread started one since.
            return new CollectionPause(false);
        }
    }

    public void Dispose()
    {
        if (!_started || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
        {
            return;
        }

        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // Allocating past the budget ended the pause already; the runtime says so only here.
        }
    }
}
