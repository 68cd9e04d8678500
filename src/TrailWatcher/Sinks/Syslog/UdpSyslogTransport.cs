using System.Net.Sockets;

namespace TrailWatcher.Sinks.Syslog;

/// <summary>One datagram per message (RFC 5426). Nothing says a datagram arrived: UDP delivery is best effort.</summary>
internal sealed class UdpSyslogTransport(string host, int port) : ISyslogTransport
{
    private UdpClient? _client;

    public async Task SendAsync(IReadOnlyList<byte[]> messages, CancellationToken cancellationToken)
    {
        try
        {
            if (_client is null)
            {
                var client = new UdpClient(AddressFamily.InterNetwork);
                try
                {
                    client.Connect(host, port);
                }
                catch
                {
                    client.Dispose();
                    throw;
                }

                _client = client;
            }

            foreach (var message in messages)
            {
                await _client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SocketException ex)
        {
            // A "port unreachable" from an earlier datagram shows up here as ConnectionRefused: start over next time.
            _client?.Dispose();
            _client = null;
            throw new AlertSinkException($"syslog udp {host}:{port}: {ex.SocketErrorCode}", permanent: false, ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        return ValueTask.CompletedTask;
    }
}
