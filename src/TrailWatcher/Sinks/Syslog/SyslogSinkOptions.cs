using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Sinks.Syslog;

/// <summary>The syslog sink (<c>TrailWatcher:Sinks:Syslog</c>); on when <see cref="Host"/> is set.</summary>
internal sealed class SyslogSinkOptions : AlertSinkOptions, IValidatableObject
{
    public string? Host { get; set; }

    /// <summary>0: the protocol's registered port, 514 for UDP and TCP, 6514 for TLS.</summary>
    [Range(0, 65_535)]
    public int Port { get; set; }

    [EnumDataType(typeof(SyslogProtocol))]
    public SyslogProtocol Protocol { get; set; } = SyslogProtocol.Tcp;

    /// <summary>RFC 5424 structured data, or CEF in the MSG part.</summary>
    [EnumDataType(typeof(SyslogStyle))]
    public SyslogStyle Style { get; set; } = SyslogStyle.Rfc5424;

    [EnumDataType(typeof(SyslogFacility))]
    public SyslogFacility Facility { get; set; } = SyslogFacility.Auth;

    /// <summary>The header's APP-NAME.</summary>
    public string AppName { get; set; } = "trailwatcher";

    /// <summary>The header's HOSTNAME; this machine's name when empty.</summary>
    public string? Hostname { get; set; }

    /// <summary>The name the TLS server's certificate must carry; <see cref="Host"/> when empty.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>A PEM file of the certificate authorities trusted for the server's certificate instead of the system's.</summary>
    public string? TlsCaFile { get; set; }

    /// <summary>Messages written at once; over TCP and TLS one write, over UDP one datagram each.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Connecting, and one batch's write, give up after this.</summary>
    [Range(0.1, 600)]
    public double TimeoutSeconds { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The port actually used.</summary>
    public int EffectivePort => Port != 0 ? Port : Protocol == SyslogProtocol.Tls ? 6514 : 514;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (Uri.CheckHostName(Host) == UriHostNameType.Unknown)
        {
            yield return new ValidationResult($"'{Host}' is not a host name or address", [nameof(Host)]);
        }

        if (!IsHeaderField(AppName, 48))
        {
            yield return new ValidationResult("must be 1 to 48 printable ASCII characters without spaces (RFC 5424 APP-NAME)", [nameof(AppName)]);
        }

        if (!string.IsNullOrEmpty(Hostname) && !IsHeaderField(Hostname, 255))
        {
            yield return new ValidationResult("must be 1 to 255 printable ASCII characters without spaces (RFC 5424 HOSTNAME)", [nameof(Hostname)]);
        }

        if (Format != AlertFormat.Native)
        {
            yield return new ValidationResult("applies to JSON sinks; a syslog message's shape is chosen by Style (Rfc5424 or Cef)", [nameof(Format)]);
        }

        if (Protocol != SyslogProtocol.Tls && (!string.IsNullOrEmpty(TlsCaFile) || !string.IsNullOrEmpty(TlsServerName)))
        {
            yield return new ValidationResult("applies to Protocol=Tls only", [string.IsNullOrEmpty(TlsCaFile) ? nameof(TlsServerName) : nameof(TlsCaFile)]);
        }

        if (!string.IsNullOrEmpty(TlsCaFile) && !File.Exists(TlsCaFile))
        {
            yield return new ValidationResult($"'{TlsCaFile}' does not exist", [nameof(TlsCaFile)]);
        }
    }

    private static bool IsHeaderField(string? value, int maxLength) =>
        !string.IsNullOrEmpty(value) && value.Length <= maxLength && value.All(c => c is >= '!' and <= '~');
}
