using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TrailWatcher.Testing;

/// <summary>A Kestrel server on 127.0.0.1 that hands each request to <see cref="HandleAsync"/>; stopped on dispose.</summary>
/// <remarks>
/// Kestrel binds port 0 and reports the port the kernel chose: probing for a free port and binding it later
/// races with every other test doing the same.
/// </remarks>
public abstract class LoopbackHttpServer : IDisposable
{
    private WebApplication? _app;

    public int Port { get; private set; }

    public string BaseUrl { get; private set; } = "";

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts serving; called by the derived constructor once its own state is ready.</summary>
    protected void Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(HandleAsync);
        app.StartAsync().GetAwaiter().GetResult();
        var address = app.Services.GetRequiredService<IServer>()
            .Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Port = new Uri(address).Port;
        BaseUrl = $"http://127.0.0.1:{Port}";
        _app = app;
    }

    /// <summary>Answers one request.</summary>
    protected abstract Task HandleAsync(HttpContext context);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && _app is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            _app.StopAsync(stopping.Token).GetAwaiter().GetResult();
            _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _app = null;
        }
    }
}
