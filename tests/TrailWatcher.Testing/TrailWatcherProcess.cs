using System.Diagnostics;
using System.Text;

namespace TrailWatcher.Testing;

/// <summary>Runs the real TrailWatcher executable (the one built beside the tests) as a child process.</summary>
public sealed class TrailWatcherProcess : IAsyncDisposable
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

    /// <summary>
    /// The shipped build to run instead of the one built beside the tests (<c>TRAILWATCHER_EXECUTABLE</c>, set by
    /// scripts/test.sh to the output of scripts/publish.sh), so the tests check what users run; null for the local build.
    /// </summary>
    /// <remarks>An absolute path: the tests run with their own working directory.</remarks>
    public static string? PublishedExecutable =>
        Environment.GetEnvironmentVariable("TRAILWATCHER_EXECUTABLE") is { Length: > 0 } path
            ? Path.IsPathRooted(path) ? path : throw new InvalidOperationException($"TRAILWATCHER_EXECUTABLE must be an absolute path, not '{path}'")
            : null;

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

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static TrailWatcherProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var published = PublishedExecutable;
        var info = new ProcessStartInfo(published ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (published is null)
        {
            info.ArgumentList.Add(ExecutablePath);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        // Tests run side by side: each service takes a free port for its endpoints (logged at start).
        info.Environment["TrailWatcher__Metrics__Port"] = "0";
        // Nothing of the developer's own AWS setup (a profile, a session token) may reach the process under test.
        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(inherited);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
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

    /// <summary>Runs to completion (bounded by <paramref name="timeout"/>) and returns exit code and output.</summary>
    public static async Task<ProcessResult> RunAsync(TimeSpan timeout, params string[] args)
    {
        await using var process = Start(Directory.GetCurrentDirectory(), null, args);
        var code = await process.WaitForExitAsync(timeout);
        return new ProcessResult(code, process.StandardOutput, process.StandardError);
    }

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

    /// <summary>Polls the captured stdout until <paramref name="condition"/> holds or the time is up.</summary>
    public async Task<bool> WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (condition(StandardOutput))
            {
                return true;
            }

            if (_process.HasExited)
            {
                return condition(StandardOutput);
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>The base URL of the service's /metrics, /healthz and /readyz, from its start-up log.</summary>
    public async Task<Uri> EndpointAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var match = System.Text.RegularExpressions.Regex.Match(StandardError, @"Serving /metrics, /healthz and /readyz on (http://127\.0\.0\.1:\d+)");
            if (match.Success)
            {
                return new Uri(match.Groups[1].Value);
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the service did not report its endpoint. stderr:\n{StandardError}");
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
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Kills the process at once (SIGKILL): a crash, with no chance to clean up.</summary>
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
