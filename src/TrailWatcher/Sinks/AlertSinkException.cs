namespace TrailWatcher.Sinks;

/// <summary>A sink's destination refused alerts; <see cref="Permanent"/> when retrying the same request cannot help until an operator fixes something.</summary>
/// <remarks>The message names the destination by host only: webhook URLs and header values can be secrets.</remarks>
internal sealed class AlertSinkException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;

    /// <summary>How long the destination asked to be left alone (an HTTP <c>Retry-After</c>), when it said so.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
