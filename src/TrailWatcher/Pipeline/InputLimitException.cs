namespace TrailWatcher.Pipeline;

/// <summary>Input past one of the configured limits; <see cref="Limit"/> names it for the metric.</summary>
internal sealed class InputLimitException(string limit, string message) : IOException(message)
{
    public string Limit { get; } = limit;
}
