using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.Syslog;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Sinks;

/// <summary>The syslog sink against a real rsyslogd on loopback: what rsyslog parsed is what a SIEM's collector would see.</summary>
public sealed class SyslogRsyslogTests : IDisposable
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-syslog-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Udp_Rfc5424_RsyslogReadsFacilitySeverityHeaderAndStructuredData()
    {
        await using var rsyslog = await RsyslogServer.StartAsync("udp");
        await using var sink = new SyslogAlertSink(Options(rsyslog, SyslogProtocol.Udp, o => o.Facility = SyslogFacility.Local4));
        var alert = SeedAlerts.LoggingDisabled("udp-1");

        await sink.WriteAsync([alert], CancellationToken.None);

        var message = Assert.Single(await rsyslog.WaitForAsync(1, Budget));
        Assert.Equal(20, message.GetProperty("facility").GetInt32());
        Assert.Equal(4, message.GetProperty("severity").GetInt32());
        Assert.Equal("tw-test", message.GetProperty("hostname").GetString());
        Assert.Equal("trailwatcher", message.GetProperty("app").GetString());
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), message.GetProperty("procid").GetString());
        Assert.Equal("alert", message.GetProperty("msgid").GetString());
        Assert.StartsWith($"[trailwatcher@32473 id=\"{alert.Id}\" rule=\"{SeedAlerts.RuleId}\"", message.GetProperty("sd").GetString(), StringComparison.Ordinal);
        Assert.Equal(alert.Title, message.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Tcp_OctetCountedBatchWithLineBreaksAndEscapes_EveryAlertArrivesAsOneMessage()
    {
        await using var rsyslog = await RsyslogServer.StartAsync("tcp");
        await using var sink = new SyslogAlertSink(Options(rsyslog, SyslogProtocol.Tcp));
        var alerts = SeedAlerts.Many(20, "tcp").Select((a, i) => i == 7 ? a with { Title = "two\nlines", Actor = "x\"]\\y" } : a).ToList();

        await sink.WriteAsync(alerts, CancellationToken.None);

        var received = await rsyslog.WaitForAsync(20, Budget);
        Assert.Equal(20, received.Count);
        Assert.Equal(alerts.Select(a => a.Id), received.Select(SdId));
        // Framing by length keeps the line break inside its message, and the escaped value inside its element.
        Assert.Contains("two", received[7].GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Contains("lines", received[7].GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Contains("actor=\"x\\\"\\]\\\\y\"", received[7].GetProperty("sd").GetString(), StringComparison.Ordinal);
        Assert.Equal(alerts[8].Title, received[8].GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Tls_ServerTrustedThroughTheCaFile_DeliversCefRecords()
    {
        var (certificate, key) = SelfSigned();
        await using var rsyslog = await RsyslogServer.StartAsync("tls", certificate, key);
        await using var sink = new SyslogAlertSink(Options(rsyslog, SyslogProtocol.Tls, o => { o.Style = SyslogStyle.Cef; o.TlsCaFile = certificate; o.TlsServerName = "localhost"; }));
        var alerts = SeedAlerts.Many(3, "tls");

        await sink.WriteAsync(alerts, CancellationToken.None);

        var received = await rsyslog.WaitForAsync(3, Budget);
        Assert.Equal(3, received.Count);
        Assert.All(received, m => Assert.Equal("-", m.GetProperty("sd").GetString()));
        Assert.All(received, m => Assert.StartsWith("CEF:0|TrailWatcher|TrailWatcher|", m.GetProperty("msg").GetString(), StringComparison.Ordinal));
        Assert.Equal(alerts.Select(a => $"externalId={a.Id}"), received.Select(m => m.GetProperty("msg").GetString()!.Split('|')[7].Split(' ')[0]));
    }

    [Fact]
    public async Task Tls_ServerCertificateNotTrusted_PermanentFailureAndNothingSent()
    {
        var (certificate, key) = SelfSigned();
        await using var rsyslog = await RsyslogServer.StartAsync("tls", certificate, key);
        await using var sink = new SyslogAlertSink(Options(rsyslog, SyslogProtocol.Tls, o => o.TlsServerName = "localhost"));

        var error = await Assert.ThrowsAsync<AlertSinkException>(async () => await sink.WriteAsync([SeedAlerts.LoggingDisabled("untrusted")], CancellationToken.None));

        Assert.True(error.Permanent);
        Assert.Contains("syslog tls 127.0.0.1:", error.Message, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Empty(rsyslog.Received());
    }

    [Fact]
    public async Task Tcp_ReceiverDownThenUp_DeliveryHoldsThenEveryAlertArrives()
    {
        var port = FreePort();
        await using var dispatcher = Dispatcher(new SyslogSinkOptions { Host = "127.0.0.1", Port = port, Hostname = "tw-test", BatchSize = 10, Resilience = SinkTestOptions.Fast() });
        using var cts = new CancellationTokenSource(Budget);
        var alerts = SeedAlerts.Many(25, "down");

        var delivery = dispatcher.DeliverAsync(alerts, cts.Token).AsTask();
        await Eventually.TrueAsync(() => dispatcher.Statuses[0].Failed >= 3, "no failed attempts while the receiver was down");
        Assert.False(delivery.IsCompleted);
        await using var rsyslog = await RsyslogServer.StartAsync("tcp", port: port);
        await delivery.WaitAsync(cts.Token);

        var received = await rsyslog.WaitForAsync(25, Budget);
        Assert.Equal(alerts.Select(a => a.Id), received.Select(SdId));
        Assert.Equal(25, dispatcher.Statuses[0].Delivered);
    }

    [Fact]
    public async Task Tcp_ReceiverRestartedBetweenBatches_TheNextBatchGoesToTheNewOne()
    {
        var first = await RsyslogServer.StartAsync("tcp");
        var port = first.Port;
        await using var dispatcher = Dispatcher(Options(first, SyslogProtocol.Tcp));
        using var cts = new CancellationTokenSource(Budget);
        await dispatcher.DeliverAsync(SeedAlerts.Many(2, "before"), cts.Token);
        Assert.Equal(2, (await first.WaitForAsync(2, Budget)).Count);
        await first.DisposeAsync();

        await using var second = await RsyslogServer.StartAsync("tcp", port: port);
        var after = SeedAlerts.Many(3, "after");
        await dispatcher.DeliverAsync(after, cts.Token);

        Assert.Equal(after.Select(a => a.Id), (await second.WaitForAsync(3, Budget)).Select(SdId));
    }

    private static string? SdId(JsonElement message)
    {
        var sd = message.GetProperty("sd").GetString()!;
        var start = sd.IndexOf("id=\"", StringComparison.Ordinal) + 4;
        return sd[start..sd.IndexOf('"', start)];
    }

    private static SyslogSinkOptions Options(RsyslogServer rsyslog, SyslogProtocol protocol, Action<SyslogSinkOptions>? configure = null)
    {
        var options = new SyslogSinkOptions { Host = "127.0.0.1", Port = rsyslog.Port, Protocol = protocol, Hostname = "tw-test", Resilience = SinkTestOptions.Fast() };
        configure?.Invoke(options);
        return options;
    }

    private static AlertDispatcher Dispatcher(SyslogSinkOptions options) => new(
        [ResilientSink.Create(new SyslogAlertSink(options), options.Resilience, TimeProvider.System, NullLogger.Instance)],
        NullLogger<AlertDispatcher>.Instance);

    private (string Certificate, string Key) SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, critical: false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificatePath = Path.Combine(_dir, "server.pem");
        var keyPath = Path.Combine(_dir, "server.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
