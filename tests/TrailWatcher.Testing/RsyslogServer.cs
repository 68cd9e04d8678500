using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace TrailWatcher.Testing;

/// <summary>A real <c>rsyslogd</c> on 127.0.0.1 with a generated configuration, writing each message it parsed to a file as one JSON line; killed on dispose.</summary>
/// <remarks>
/// Each line holds what rsyslog made of the message (facility, severity, hostname, app-name, procid, msgid, structured
/// data, msg) and the raw message, so a test sees what a real receiver sees, not what the sender meant.
/// </remarks>
public sealed class RsyslogServer : IAsyncDisposable
{
    private const string Template =
        "{\\\"facility\\\":%syslogfacility%,\\\"severity\\\":%syslogseverity%,\\\"hostname\\\":\\\"%hostname:::json%\\\",\\\"app\\\":\\\"%app-name:::json%\\\"," +
        "\\\"procid\\\":\\\"%procid:::json%\\\",\\\"msgid\\\":\\\"%msgid:::json%\\\",\\\"sd\\\":\\\"%structured-data:::json%\\\",\\\"msg\\\":\\\"%msg:::json%\\\",\\\"raw\\\":\\\"%rawmsg:::json%\\\"}\\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("tw-rsyslog-").FullName;
    private Process? _server;
    private StringBuilder? _log;

    private RsyslogServer()
    {
    }

    /// <summary>The port messages go to.</summary>
    public int Port { get; private set; }

    public string ReceivedFile => Path.Combine(_dir, "received.jsonl");

    /// <summary>Starts rsyslogd listening on <paramref name="input"/> and waits until it accepts connections.</summary>
    /// <param name="input">udp, tcp, or tls (rsyslog's gtls driver).</param>
    /// <param name="certificatePem">TLS only: the server's certificate file (PEM).</param>
    /// <param name="keyPem">TLS only: its private key file (PEM).</param>
    /// <param name="port">The port; a free one when null.</param>
    public static async Task<RsyslogServer> StartAsync(string input, string? certificatePem = null, string? keyPem = null, int? port = null)
    {
        var server = new RsyslogServer();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                server.Port = port ?? FreePort();
                var probe = input == "udp" ? FreePort() : server.Port;
                server.Stop();
                if (await server.LaunchAsync(input, probe, certificatePem, keyPem))
                {
                    return server;
                }

                // A probed port can be taken before rsyslogd binds it; that costs another port.
                if (port is not null || attempt == 3)
                {
                    throw new InvalidOperationException($"rsyslogd did not start:\n{server.Log()}");
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>What rsyslog received and parsed so far, one element per message.</summary>
    public IReadOnlyList<JsonElement> Received()
    {
        if (!File.Exists(ReceivedFile))
        {
            return [];
        }

        using var stream = new FileStream(ReceivedFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // A line still being written has no newline yet; only whole lines count.
        return [.. lines.Where(l => l.EndsWith('}')).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    /// <summary>Waits until at least <paramref name="count"/> messages arrived, at most <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var received = Received();
            if (received.Count >= count || clock.Elapsed > timeout)
            {
                return received;
            }

            await Task.Delay(50);
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // rsyslogd may still hold a file for a moment; the temporary directory is left behind then.
        }

        return ValueTask.CompletedTask;
    }

    private async Task<bool> LaunchAsync(string input, int probe, string? certificatePem, string? keyPem)
    {
        var config = Path.Combine(_dir, "rsyslog.conf");
        await File.WriteAllTextAsync(config, Config(input, probe, certificatePem, keyPem));
        var info = new ProcessStartInfo("rsyslogd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-n", "-f", config, "-i", Path.Combine(_dir, "rsyslogd.pid") })
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            _server = Process.Start(info) ?? throw new InvalidOperationException("rsyslogd did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("rsyslogd is not installed; scripts/test.sh installs it (apt-get install -y rsyslog rsyslog-gnutls)", ex);
        }

        var log = new StringBuilder();
        _server.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        _server.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        _log = log;
        return await AcceptsAsync(probe);
    }

    private string Log()
    {
        if (_log is null)
        {
            return "";
        }

        lock (_log)
        {
            return _log.ToString();
        }
    }

    private string Config(string input, int probe, string? certificatePem, string? keyPem)
    {
        var port = Port.ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"global(workDirectory=\"{_dir}\" maxMessageSize=\"64k\")");
        switch (input)
        {
            case "udp":
                text.AppendLine("module(load=\"imudp\")");
                text.AppendLine("module(load=\"imtcp\")");
                text.AppendLine(CultureInfo.InvariantCulture, $"input(type=\"imudp\" address=\"127.0.0.1\" port=\"{port}\" ruleset=\"out\")");
                // Only there to tell when rsyslogd listens: nothing answers on UDP.
                text.AppendLine(CultureInfo.InvariantCulture, $"input(type=\"imtcp\" address=\"127.0.0.1\" port=\"{probe.ToString(CultureInfo.InvariantCulture)}\" ruleset=\"out\")");
                break;
            case "tcp":
                text.AppendLine("module(load=\"imtcp\")");
                text.AppendLine(CultureInfo.InvariantCulture, $"input(type=\"imtcp\" address=\"127.0.0.1\" port=\"{port}\" ruleset=\"out\")");
                break;
            case "tls":
                text.AppendLine(CultureInfo.InvariantCulture, $"global(defaultNetstreamDriver=\"gtls\" defaultNetstreamDriverCAFile=\"{certificatePem}\" defaultNetstreamDriverCertFile=\"{certificatePem}\" defaultNetstreamDriverKeyFile=\"{keyPem}\")");
                text.AppendLine("module(load=\"imtcp\" streamDriver.name=\"gtls\" streamDriver.mode=\"1\" streamDriver.authMode=\"anon\")");
                text.AppendLine(CultureInfo.InvariantCulture, $"input(type=\"imtcp\" address=\"127.0.0.1\" port=\"{port}\" ruleset=\"out\")");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(input), input, "udp, tcp or tls");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"template(name=\"fields\" type=\"string\" string=\"{Template}\")");
        text.AppendLine(CultureInfo.InvariantCulture, $"ruleset(name=\"out\") {{ action(type=\"omfile\" file=\"{ReceivedFile}\" template=\"fields\") }}");
        return text.ToString();
    }

    private async Task<bool> AcceptsAsync(int port)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_server is null || _server.HasExited)
            {
                return false;
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return !_server.HasExited;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }

    private void Stop()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            _server.WaitForExit();
        }

        _server?.Dispose();
        _server = null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
