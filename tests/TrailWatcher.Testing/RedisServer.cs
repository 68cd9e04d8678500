using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace TrailWatcher.Testing;

/// <summary>A real <c>redis-server</c> on a free local port, without persistence, killed when the tests are done.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _server;
    private string? _password;

    private RedisServer()
    {
    }

    public string ConnectionString { get; private set; } = "";

    /// <summary>Starts a server and waits until it answers; with <paramref name="password"/> it requires AUTH, and <see cref="ConnectionString"/> carries it.</summary>
    public static async Task<RedisServer> StartAsync(string? password = null)
    {
        var server = new RedisServer { _password = password };
        await server.InitializeAsync();
        return server;
    }

    private async Task InitializeAsync()
    {
        // A probed port can be taken by another process before redis-server binds it; that shows up as an
        // early exit and simply costs another port.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            _server = Launch(port, _password);
            ConnectionString = _password is null ? $"127.0.0.1:{port}" : $"127.0.0.1:{port},password={_password}";
            if (await AnswersPingAsync(_server))
            {
                return;
            }

            _server.Dispose();
            _server = null;
            if (attempt == 3)
            {
                throw new InvalidOperationException("redis-server did not start on three different ports");
            }
        }
    }

    /// <summary>Kills the server (SIGKILL: every key is lost, as without persistence) and starts a new one on the same port.</summary>
    public async Task RestartAsync()
    {
        var port = int.Parse(ConnectionString.Split(',')[0].Split(':')[1], CultureInfo.InvariantCulture);
        if (_server is { HasExited: false })
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
        _server = Launch(port, _password);
        if (!await AnswersPingAsync(_server))
        {
            throw new InvalidOperationException($"redis-server did not come back on port {port}");
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            _server.WaitForExit();
        }

        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static Process Launch(int port, string? password)
    {
        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            info.ArgumentList.Add(arg);
        }

        if (password is not null)
        {
            info.ArgumentList.Add("--requirepass");
            info.ArgumentList.Add(password);
        }

        Process server;
        try
        {
            server = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed; scripts/test.sh installs it (apt-get install -y redis-server)", ex);
        }

        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        return server;
    }

    private async Task<bool> AnswersPingAsync(Process server)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
                await connection.GetDatabase().PingAsync();

                // A server that exited on a bind failure means the answer came from someone else's port.
                return !server.HasExited;
            }
            catch (RedisConnectionException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                if (server.HasExited)
                {
                    return false;
                }

                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
