namespace TrailWatcher.IntegrationTests.Infrastructure;

/// <summary>A running AWS emulator that answers S3, SQS and SNS on one loopback endpoint.</summary>
internal interface IEmulatorBackend : IAsyncDisposable
{
    /// <summary>Short backend name reported by the fixture ("localstack" or "fauxqs").</summary>
    string Name { get; }

    /// <summary>Root endpoint, always of the form http://127.0.0.1:PORT.</summary>
    Uri ServiceUrl { get; }
}
