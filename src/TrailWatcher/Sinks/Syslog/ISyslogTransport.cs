namespace TrailWatcher.Sinks.Syslog;

/// <summary>Carries formatted syslog messages to the receiver: datagrams, or frames on a stream.</summary>
internal interface ISyslogTransport : IAsyncDisposable
{
    /// <summary>Sends the messages in order; throws an <see cref="AlertSinkException"/> when they could not all be handed over.</summary>
    Task SendAsync(IReadOnlyList<byte[]> messages, CancellationToken cancellationToken);
}
