using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using TrailWatcher.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TrailWatcher.IntegrationTests;

/// <summary>One AWS emulator (LocalStack when Docker answers, otherwise fauxqs) shared by the integration tests.</summary>
/// <remarks>
/// TRAILWATCHER_EMULATOR=fauxqs|localstack forces a backend. The fixture never skips: when no backend
/// starts, initialisation throws and every test in the collection fails with the reason.
/// </remarks>
public sealed class AwsEmulatorFixture : IAsyncLifetime
{
    /// <summary>Region every client and emulator resource uses.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>Access key the emulators accept (any value works; this one is conventional).</summary>
    public const string AccessKey = "test";

    /// <summary>Secret key the emulators accept.</summary>
    public const string SecretKey = "test";

    private static readonly TimeSpan StartupBudget = TimeSpan.FromMinutes(6);

    private readonly IMessageSink _diagnostics;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private IEmulatorBackend? _backend;
    private AmazonS3Client? _s3;
    private AmazonSQSClient? _sqs;
    private SnsQueryClient? _sns;

    /// <summary>xunit passes its diagnostic sink so the chosen backend and timings show up with diagnostics enabled.</summary>
    public AwsEmulatorFixture(IMessageSink diagnostics)
    {
        _diagnostics = diagnostics;
    }

    /// <summary>"localstack" or "fauxqs".</summary>
    public string Backend => Started.Name;

    /// <summary>Root endpoint of the emulator: http://127.0.0.1:PORT (no trailing slash).</summary>
    public string ServiceUrl => Started.ServiceUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>Region to configure clients with.</summary>
    public string Region => DefaultRegion;

    /// <summary>Static credentials the emulators accept.</summary>
    public AWSCredentials Credentials { get; } = new BasicAWSCredentials(AccessKey, SecretKey);

    /// <summary>Why LocalStack was not used, when the fixture fell back to fauxqs.</summary>
    public string? FallbackReason { get; private set; }

    /// <summary>Time spent installing the emulator's npm packages (near zero when already installed).</summary>
    public TimeSpan InstallDuration { get; private set; }

    /// <summary>Time from launching the emulator to its first healthy answer.</summary>
    public TimeSpan StartupDuration { get; private set; }

    private IEmulatorBackend Started =>
        _backend ?? throw new InvalidOperationException("The emulator fixture has not been initialised.");

    /// <summary>Gives a name unique to this run, safe for queues, topics and buckets (lower case, 3-63 chars).</summary>
    public static string UniqueName(string prefix) =>
        $"{prefix.ToLowerInvariant()}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];

    /// <summary>Creates an S3 client for the emulator (path-style addressing); the caller disposes it.</summary>
    public AmazonS3Client CreateS3Client() =>
        new(Credentials, new AmazonS3Config
        {
            ServiceURL = ServiceUrl,
            AuthenticationRegion = Region,
            ForcePathStyle = true,
        });

    /// <summary>Creates an SQS client for the emulator; the caller disposes it.</summary>
    public AmazonSQSClient CreateSqsClient() =>
        new(Credentials, new AmazonSQSConfig
        {
            ServiceURL = ServiceUrl,
            AuthenticationRegion = Region,
        });

    /// <summary>Creates a queue and gives its URL as http://127.0.0.1:PORT/ACCOUNT/NAME.</summary>
    public async Task<string> CreateQueueAsync(string name, IReadOnlyDictionary<string, string>? attributes = null, CancellationToken cancellationToken = default)
    {
        var request = new CreateQueueRequest { QueueName = name };
        if (attributes is not null)
        {
            request.Attributes = new Dictionary<string, string>(attributes);
        }

        var response = await Sqs.CreateQueueAsync(request, cancellationToken).ConfigureAwait(false);
        return ToLoopbackQueueUrl(response.QueueUrl);
    }

    /// <summary>Rewrites an emulator queue URL (e.g. http://sqs.us-east-1.localhost:PORT/...) onto ServiceUrl, keeping its path.</summary>
    public string ToLoopbackQueueUrl(string queueUrl) =>
        ServiceUrl + new Uri(queueUrl, UriKind.Absolute).AbsolutePath;

    /// <summary>Gives the ARN of a queue, as needed for redrive policies and SNS subscriptions.</summary>
    public async Task<string> GetQueueArnAsync(string queueUrl, CancellationToken cancellationToken = default)
    {
        var response = await Sqs.GetQueueAttributesAsync(
            new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] },
            cancellationToken).ConfigureAwait(false);
        return response.Attributes?.GetValueOrDefault("QueueArn")
            ?? throw new InvalidOperationException($"Queue {queueUrl} reported no QueueArn.");
    }

    /// <summary>Creates a bucket (idempotent on both emulators).</summary>
    public Task CreateBucketAsync(string name, CancellationToken cancellationToken = default) =>
        S3.PutBucketAsync(new PutBucketRequest { BucketName = name }, cancellationToken);

    /// <summary>Creates an SNS topic and gives its ARN.</summary>
    public Task<string> CreateTopicAsync(string name, CancellationToken cancellationToken = default) =>
        Sns.CreateTopicAsync(name, cancellationToken);

    /// <summary>Subscribes a queue to a topic, optionally with raw message delivery, and gives the subscription ARN.</summary>
    public async Task<string> SubscribeQueueAsync(string topicArn, string queueArn, bool rawDelivery, CancellationToken cancellationToken = default)
    {
        var subscriptionArn = await Sns.SubscribeQueueAsync(topicArn, queueArn, cancellationToken).ConfigureAwait(false);
        if (rawDelivery)
        {
            await Sns.SetSubscriptionAttributeAsync(subscriptionArn, "RawMessageDelivery", "true", cancellationToken).ConfigureAwait(false);
        }

        return subscriptionArn;
    }

    /// <summary>Publishes to a topic (optional subject and String message attributes) and gives the SNS message id.</summary>
    public Task<string> PublishToSnsAsync(string topicArn, string message, string? subject = null, IReadOnlyDictionary<string, string>? stringAttributes = null, CancellationToken cancellationToken = default) =>
        Sns.PublishAsync(topicArn, message, subject, stringAttributes, cancellationToken);

    public async Task InitializeAsync()
    {
        using var budget = new CancellationTokenSource(StartupBudget);
        var choice = Environment.GetEnvironmentVariable("TRAILWATCHER_EMULATOR")?.Trim().ToLowerInvariant();
        var failures = new List<string>();

        if (choice is null or "" or "auto" or "localstack")
        {
            var whyNot = choice == "localstack" ? null : await DockerProbe.WhyUnavailableAsync(budget.Token).ConfigureAwait(false);
            if (whyNot is null)
            {
                try
                {
                    var stopwatch = Stopwatch.StartNew();
                    _backend = await LocalStackBackend.StartAsync(budget.Token).ConfigureAwait(false);
                    StartupDuration = stopwatch.Elapsed;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !budget.IsCancellationRequested)
                {
                    whyNot = $"LocalStack failed to start: {ex.Message}";
                }
            }

            if (_backend is null)
            {
                failures.Add(whyNot!);
                FallbackReason = whyNot;
            }
        }

        if (_backend is null && choice != "localstack")
        {
            try
            {
                var root = RepositoryRoot.FullName;
                var stopwatch = Stopwatch.StartNew();
                await FauxqsBackend.InstallAsync(root, budget.Token).ConfigureAwait(false);
                InstallDuration = stopwatch.Elapsed;
                stopwatch.Restart();
                _backend = await FauxqsBackend.StartAsync(root, budget.Token).ConfigureAwait(false);
                StartupDuration = stopwatch.Elapsed;
            }
            catch (Exception ex)
            {
                failures.Add($"fauxqs failed to start: {ex.Message}");
            }
        }

        if (_backend is null)
        {
            throw new InvalidOperationException(
                "No AWS emulator could be started for the integration tests:\n - " + string.Join("\n - ", failures));
        }

        _s3 = CreateS3Client();
        _sqs = CreateSqsClient();
        _sns = new SnsQueryClient(_http, Started.ServiceUrl);
        _diagnostics.OnMessage(new DiagnosticMessage(
            $"AWS emulator: {Backend} at {ServiceUrl}; install {InstallDuration.TotalSeconds:F1}s, startup {StartupDuration.TotalSeconds:F2}s"
            + (FallbackReason is null ? string.Empty : $" (not LocalStack: {FallbackReason})")));
    }

    public async Task DisposeAsync()
    {
        _s3?.Dispose();
        _sqs?.Dispose();
        _http.Dispose();
        if (_backend is not null)
        {
            await _backend.DisposeAsync().ConfigureAwait(false);
        }
    }

    private AmazonS3Client S3 => _s3 ?? throw new InvalidOperationException("The emulator fixture has not been initialised.");

    private AmazonSQSClient Sqs => _sqs ?? throw new InvalidOperationException("The emulator fixture has not been initialised.");

    private SnsQueryClient Sns => _sns ?? throw new InvalidOperationException("The emulator fixture has not been initialised.");
}
