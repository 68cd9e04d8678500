using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>The local S3/SQS emulator, started and stopped through scripts/emulator.sh on a free loopback port.</summary>
/// <remarks>
/// The script keeps one pid file per checkout, so an emulator left running by hand in this checkout makes start fail
/// rather than be stopped by us: only what this run started is ever stopped.
/// </remarks>
internal sealed class EmulatorInstance : IAsyncDisposable
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly string _root;
    private bool _stopped;

    private EmulatorInstance(string root, int port)
    {
        _root = root;
        Port = port;
        ServiceUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
    }

    public int Port { get; }

    /// <summary>The emulator's process id as the script reported it; null if its output did not say.</summary>
    public int? Pid { get; private set; }

    public Uri ServiceUrl { get; }

    /// <summary>A queue's URL in the form the emulator routes on loopback: account 000000000000.</summary>
    public string QueueUrl(string name) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/000000000000/{name}");

    public static async Task<EmulatorInstance> StartAsync(string repositoryRoot, TextWriter progress, CancellationToken cancellationToken)
    {
        await Script(repositoryRoot, ["install"], InstallTimeout, cancellationToken).ConfigureAwait(false);
        var port = FreeLoopbackPort();
        var instance = new EmulatorInstance(repositoryRoot, port);
        try
        {
            var said = await Script(repositoryRoot, ["start", port.ToString(CultureInfo.InvariantCulture)], StartTimeout, cancellationToken).ConfigureAwait(false);
            progress.WriteLine(said.Trim());
            var pid = System.Text.RegularExpressions.Regex.Match(said, @"fauxqs pid (\d+)");
            instance.Pid = pid.Success ? int.Parse(pid.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }
        catch
        {
            // start may have launched the emulator before failing (e.g. it did not answer in time).
            await instance.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        // Not cancellable: this runs on the way out, also after Ctrl+C.
        await Script(_root, ["stop"], StopTimeout, CancellationToken.None).ConfigureAwait(false);
    }

    private static Task<string> Script(string root, string[] arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        ShortCommand.RunAsync(
            "bash",
            [Path.Combine(root, "scripts", "emulator.sh"), .. arguments],
            root,
            timeout,
            // serve.mjs follows this pid down: a benchmark killed outright leaves no emulator behind.
            new Dictionary<string, string> { ["FAUXQS_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) },
            cancellationToken);

    private static int FreeLoopbackPort()
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
}
