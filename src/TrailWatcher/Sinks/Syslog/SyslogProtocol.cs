namespace TrailWatcher.Sinks.Syslog;

/// <summary>How syslog messages travel: UDP datagrams (RFC 5426), or octet-counted frames (RFC 6587) over TCP or TLS (RFC 5425).</summary>
internal enum SyslogProtocol
{
    Udp,
    Tcp,
    Tls,
}
