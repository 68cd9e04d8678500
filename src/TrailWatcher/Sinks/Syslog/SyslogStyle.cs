namespace TrailWatcher.Sinks.Syslog;

/// <summary>What a syslog message carries: the alert as RFC 5424 structured data, or a CEF record in the MSG part.</summary>
internal enum SyslogStyle
{
    Rfc5424,
    Cef,
}
