using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>`TrailWatcher run` as a child process: started with its settings in the environment, stopped (SIGTERM, then kill) on dispose.</summary>
internal sealed partial class WorkerInstance : IAsyncDisposable
{
    private const int KeptStderrLines = 60;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly Queue<string> _stderr = new();
    private readonly TaskCompletionSource<Uri> _endpoint = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    private WorkerInstance(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public string Command { get; private init; } = "";

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the worker wrote to stderr, for error messages.</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    public static WorkerInstance Start(string trailWatcher, int cores, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var start = Pinning.StartInfo(trailWatcher, cores, "run");
        start.WorkingDirectory = workingDirectory;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var worker = new WorkerInstance(process) { Command = string.Join(' ', new[] { start.FileName }.Concat(start.ArgumentList)) };
        // The console sink is off, so stdout carries nothing; it is drained so a stray write never blocks the worker.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => worker.OnStderr(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>The base URL of /metrics and /readyz, once the worker has logged it and answers ready (its first receive worked).</summary>
    public async Task<Uri> WaitUntilReadyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var exited = _process.WaitForExitAsync(deadline.Token);
            if (await Task.WhenAny(_endpoint.Task, exited).ConfigureAwait(false) != _endpoint.Task)
            {
                await exited.ConfigureAwait(false);
                throw new InvalidOperationException($"the worker exited with {_process.ExitCode} at start:\n{StderrTail}");
            }

            var endpoint = await _endpoint.Task.ConfigureAwait(false);
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"the worker exited with {_process.ExitCode} at start:\n{StderrTail}");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri(endpoint, "/readyz"), deadline.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return endpoint;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not answering yet.
                }

                await Task.Delay(50, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the worker was not ready within {timeout.TotalSeconds:F0} s:\n{StderrTail}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                // SIGTERM first, as an orchestrator would; only our own child, by its pid.
                using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await kill.WaitForExitAsync().ConfigureAwait(false);
                }

                using var grace = new CancellationTokenSource(StopGrace);
                try
                {
                    await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the signal.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (!_endpoint.Task.IsCompleted && ServingLine().Match(line) is { Success: true } match)
        {
            _endpoint.TrySetResult(new Uri(match.Groups[1].Value));
        }

        lock (_stderr)
        {
            _stderr.Enqueue(line);
            while (_stderr.Count > KeptStderrLines)
            {
                _stderr.Dequeue();
            }
        }
    }

    [GeneratedRegex(@"Serving /metrics, /healthz and /readyz on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingLine();
}
