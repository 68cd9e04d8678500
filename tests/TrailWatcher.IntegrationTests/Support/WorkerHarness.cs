using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>What every worker test needs: clients, a bucket, a scratch folder, and the worker processes it started.</summary>
/// <remarks>Disposing kills any worker still running (only those this harness started) and removes the scratch folder.</remarks>
internal sealed class WorkerHarness : IAsyncDisposable
{
    private readonly List<TrailWatcherProcess> _workers = [];
    private readonly List<ThrottlingProxy> _proxies = [];

    private WorkerHarness(AwsEmulatorFixture emulator, string bucket)
    {
        Emulator = emulator;
        Bucket = bucket;
        S3 = emulator.CreateS3Client();
        Sqs = emulator.CreateSqsClient();
        Directory = System.IO.Directory.CreateTempSubdirectory("tw-sqs-").FullName;
    }

    public AwsEmulatorFixture Emulator { get; }

    public string Bucket { get; }

    public AmazonS3Client S3 { get; }

    public AmazonSQSClient Sqs { get; }

    /// <summary>Scratch folder for alert files and the workers' working directory.</summary>
    public string Directory { get; }

    public static async Task<WorkerHarness> CreateAsync(AwsEmulatorFixture emulator)
    {
        var bucket = AwsEmulatorFixture.UniqueName("trail");
        await emulator.CreateBucketAsync(bucket);
        return new WorkerHarness(emulator, bucket);
    }

    /// <summary>A path for an alert file in the scratch folder (not created: the worker's sink creates it).</summary>
    public string AlertFilePath(string name) => Path.Combine(Directory, name + ".jsonl");

    /// <summary>Settings for a worker on <paramref name="queueUrl"/> talking to the emulator (or to <paramref name="serviceUrl"/>, e.g. a proxy).</summary>
    public WorkerSettings Settings(string queueUrl, string alertFile, string? serviceUrl = null) =>
        new(queueUrl, serviceUrl ?? Emulator.ServiceUrl, alertFile);

    /// <summary>Puts a gzipped log document holding <paramref name="records"/>; gives its size in bytes.</summary>
    public Task<long> PutLogAsync(string key, params JsonNode[] records) => PutObjectAsync(key, TrailFiles.Gzip(records));

    public async Task<long> PutObjectAsync(string key, byte[] content)
    {
        using var body = new MemoryStream(content, writable: false);
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = body, ContentType = "application/json", AutoCloseStream = false });
        return content.LongLength;
    }

    /// <summary>Sends a body straight to a queue and gives the SQS message id.</summary>
    public async Task<string> SendAsync(string queueUrl, string body) =>
        (await Sqs.SendMessageAsync(queueUrl, body)).MessageId;

    /// <summary>A proxy to the emulator that paces responses so <paramref name="bytes"/> take about <paramref name="readTime"/> to arrive.</summary>
    public ThrottlingProxy SlowLinkFor(long bytes, TimeSpan readTime)
    {
        var proxy = ThrottlingProxy.Start(Emulator.ServiceUrl, Math.Max(16 * 1024, (long)(bytes / readTime.TotalSeconds)));
        _proxies.Add(proxy);
        return proxy;
    }

    public TrailWatcherProcess StartWorker(WorkerSettings settings)
    {
        var worker = TrailWatcherProcess.Start(Directory, settings.ToEnvironment(), "run");
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Stops a worker with SIGTERM and waits for it; gives its exit code.</summary>
    public static async Task<int> StopAsync(TrailWatcherProcess worker, TimeSpan timeout)
    {
        worker.Terminate();
        return await worker.WaitForExitAsync(timeout);
    }

    /// <summary>Everything the workers wrote to stderr, for assertion messages.</summary>
    public string WorkerLogs() => string.Join(
        "\n",
        _workers.Select((w, i) => string.Create(CultureInfo.InvariantCulture, $"--- worker {i + 1} stderr ---\n{w.StandardError}")));

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync();
        }

        S3.Dispose();
        Sqs.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left in /tmp is harmless; failing the test over it is not.
        }
    }
}
