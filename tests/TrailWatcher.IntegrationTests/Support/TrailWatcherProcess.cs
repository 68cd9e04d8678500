using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>Runs the real TrailWatcher executable (built beside the tests) as a child process and captures its output.</summary>
/// <remarks>A trimmed copy of the CLI tests' helper: test projects do not reference each other.</remarks>
internal sealed class TrailWatcherProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private TrailWatcherProcess(Process process)
    {
        _process = process;
    }

    public static string ExecutablePath => Path.Combine(AppContext.BaseDirectory, "TrailWatcher.dll");

    public string StandardOutput
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public static TrailWatcherProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(ExecutablePath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        // Workers run side by side: each takes a free port for its metrics and health endpoints.
        info.Environment["TrailWatcher__Metrics__Port"] = "0";
        // Nothing of the developer's own AWS setup (a profile, a session token) may reach the worker under test.
        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(inherited);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var wrapper = new TrailWatcherProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Append(wrapper._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(wrapper._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Waits for the process to end; kills it and throws when it outlives <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"TrailWatcher did not exit within {timeout}. stderr:\n{StandardError}");
        }

        // The parameterless wait flushes the asynchronous output readers.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Polls the captured stderr until it contains <paramref name="text"/>, the process exits or the time is up.</summary>
    public async Task<bool> WaitForErrorOutputAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !_process.HasExited)
        {
            if (StandardError.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return StandardError.Contains(text, StringComparison.Ordinal);
    }

    /// <summary>Sends SIGTERM, as systemd or Kubernetes would.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Ends the process at once (SIGKILL on Linux): no shutdown code runs, as in a crash or an OOM kill.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.Append(line).Append('\n');
        }
    }
}
