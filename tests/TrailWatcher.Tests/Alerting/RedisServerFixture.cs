using Xunit;

namespace TrailWatcher.Tests.Alerting;

/// <summary>One real <c>redis-server</c> for a test class: started before its first test, killed after its last.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public string ConnectionString => _server?.ConnectionString ?? throw new InvalidOperationException("The Redis server has not started");

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
