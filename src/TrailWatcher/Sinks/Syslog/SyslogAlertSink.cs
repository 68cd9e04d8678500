using System.Text;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks.Syslog;

/// <summary>Sends alerts as RFC 5424 syslog messages over UDP, TCP or TLS; each carries the alert id (SD param <c>id</c>, CEF <c>externalId</c>).</summary>
internal sealed class SyslogAlertSink : IAlertSink, IAsyncDisposable
{
    private readonly SyslogSinkOptions _options;
    private readonly SyslogMessage _message;
    private readonly ISyslogTransport _transport;

    public SyslogAlertSink(SyslogSinkOptions options)
    {
        _options = options;
        var host = options.Host ?? throw new ArgumentException("TrailWatcher:Sinks:Syslog:Host is not set", nameof(options));
        _message = new SyslogMessage(options, string.IsNullOrEmpty(options.Hostname) ? Environment.MachineName : options.Hostname, Environment.ProcessId);
        _transport = options.Protocol == SyslogProtocol.Udp ? new UdpSyslogTransport(host, options.EffectivePort) : new StreamSyslogTransport(options);
    }

    public string Name => "syslog";

    public int MaxBatchSize => _options.BatchSize;

    /// <summary>The message for one alert, without framing.</summary>
    public string Format(Alert alert) => _message.Format(alert);

    public async ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alerts.Count, MaxBatchSize);
        if (alerts.Count > 0)
        {
            await _transport.SendAsync([.. alerts.Select(a => Encoding.UTF8.GetBytes(_message.Format(a)))], cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _transport.DisposeAsync();
}
