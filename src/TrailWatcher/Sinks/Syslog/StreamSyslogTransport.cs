using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TrailWatcher.Sinks.Syslog;

/// <summary>Octet-counted frames (RFC 6587 §3.4.1: <c>LENGTH SP MESSAGE</c>) over one kept-open TCP or TLS (RFC 5425) connection.</summary>
/// <remarks>
/// A frame carries its length, so a message may hold line breaks. A connection that failed is dropped and the next
/// attempt opens a new one. TCP says nothing about what the receiver processed: a batch written just before the
/// connection broke is written again on the new one, so a message can arrive twice (its alert id tells).
/// </remarks>
internal sealed class StreamSyslogTransport(SyslogSinkOptions options) : ISyslogTransport
{
    private readonly string _host = options.Host ?? throw new ArgumentException("TrailWatcher:Sinks:Syslog:Host is not set", nameof(options));
    private readonly int _port = options.EffectivePort;
    private readonly MemoryStream _frames = new();
    private TcpClient? _client;
    private Stream? _stream;

    private string Destination => $"syslog {options.Protocol.ToString().ToLowerInvariant()} {_host}:{_port.ToString(CultureInfo.InvariantCulture)}";

    public async Task SendAsync(IReadOnlyList<byte[]> messages, CancellationToken cancellationToken)
    {
        _frames.SetLength(0);
        foreach (var message in messages)
        {
            _frames.Write(Encoding.ASCII.GetBytes(message.Length.ToString(CultureInfo.InvariantCulture) + " "));
            _frames.Write(message);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        try
        {
            if (_client is { } open && PeerClosed(open.Client))
            {
                Drop();
            }

            var stream = _stream ?? await ConnectAsync(timeout.Token).ConfigureAwait(false);
            await stream.WriteAsync(_frames.GetBuffer().AsMemory(0, (int)_frames.Length), timeout.Token).ConfigureAwait(false);
            await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Drop();
            var reason = ex switch
            {
                SocketException socket => socket.SocketErrorCode.ToString(),
                OperationCanceledException => $"no progress within {options.TimeoutSeconds:0.#} s",
                _ => ex.Message,
            };
            // A certificate the client does not trust will not become trusted by retrying: an operator must act.
            throw new AlertSinkException($"{Destination}: {reason}", permanent: ex is AuthenticationException, ex);
        }
        catch
        {
            // Cancelled mid-write, the stream may end in half a frame, which would garble the next message.
            Drop();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        Drop();
        _frames.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(_host, _port, cancellationToken).ConfigureAwait(false);
            Stream stream = client.GetStream();
            if (options.Protocol == SyslogProtocol.Tls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(TlsOptions(), cancellationToken).ConfigureAwait(false);
            }

            _client = client;
            _stream = stream;
            return stream;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private SslClientAuthenticationOptions TlsOptions()
    {
        var tls = new SslClientAuthenticationOptions
        {
            TargetHost = string.IsNullOrEmpty(options.TlsServerName) ? _host : options.TlsServerName,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        };
        if (!string.IsNullOrEmpty(options.TlsCaFile))
        {
            // Only these authorities: a private syslog CA should not have to be added to the machine's trust store.
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.ImportFromPemFile(options.TlsCaFile);
            tls.CertificateChainPolicy = policy;
        }

        return tls;
    }

    // A receiver that closed the idle connection (restarted, say) would let the next write vanish into the socket
    // buffer: a readable socket with nothing to read is one the peer closed.
    private static bool PeerClosed(Socket socket) => socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;

    private void Drop()
    {
        _stream?.Dispose();
        _client?.Dispose();
        _stream = null;
        _client = null;
    }
}
