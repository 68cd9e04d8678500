using Testcontainers.LocalStack;

namespace TrailWatcher.IntegrationTests.Infrastructure;

/// <summary>LocalStack in a container started through Testcontainers, for machines with a Docker engine.</summary>
internal sealed class LocalStackBackend : IEmulatorBackend
{
    // Newer LocalStack images require an auth token; this is the last line known to run without one.
    private const string DefaultImage = "localstack/localstack:4.4";
    private const ushort EdgePort = 4566;

    private readonly LocalStackContainer _container;

    private LocalStackBackend(LocalStackContainer container, Uri serviceUrl)
    {
        _container = container;
        ServiceUrl = serviceUrl;
    }

    public string Name => "localstack";

    public Uri ServiceUrl { get; }

    /// <summary>Starts the container (image overridable with TRAILWATCHER_LOCALSTACK_IMAGE) and waits until it is ready.</summary>
    public static async Task<LocalStackBackend> StartAsync(CancellationToken cancellationToken)
    {
        var image = Environment.GetEnvironmentVariable("TRAILWATCHER_LOCALSTACK_IMAGE");
        var container = new LocalStackBuilder(string.IsNullOrWhiteSpace(image) ? DefaultImage : image)
            .WithEnvironment("SERVICES", "s3,sqs,sns")
            .WithEnvironment("AWS_DEFAULT_REGION", AwsEmulatorFixture.DefaultRegion)
            .Build();
        try
        {
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // Every client in these tests talks to 127.0.0.1; Testcontainers may report "localhost".
        var host = container.Hostname is "localhost" ? "127.0.0.1" : container.Hostname;
        return new LocalStackBackend(container, new Uri($"http://{host}:{container.GetMappedPublicPort(EdgePort)}"));
    }

    public ValueTask DisposeAsync() => _container.DisposeAsync();
}
