namespace TrailWatcher.Benchmarks.Generation;

/// <summary>An API call the generator can emit, with its relative frequency in background traffic.</summary>
internal sealed record EventKind(string Source, string Name, int Weight, bool ReadOnly, bool DataEvent = false, bool Global = false)
{
    public string Service => Source[..Source.IndexOf('.', StringComparison.Ordinal)];
}
