using System.Net.Sockets;

namespace TrailWatcher.IntegrationTests.Infrastructure;

/// <summary>Answers, within a couple of seconds, whether a Docker engine is there to run LocalStack.</summary>
internal static class DockerProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>Returns null when an engine answered /_ping, otherwise why Docker is not usable.</summary>
    public static async Task<string?> WhyUnavailableAsync(CancellationToken cancellationToken)
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrWhiteSpace(dockerHost))
        {
            var socket = CandidateSockets().FirstOrDefault(File.Exists);
            if (socket is null)
            {
                return "no DOCKER_HOST and no Docker socket";
            }

            dockerHost = "unix://" + socket;
        }

        if (!Uri.TryCreate(dockerHost, UriKind.Absolute, out var endpoint))
        {
            return $"DOCKER_HOST '{dockerHost}' is not a URI";
        }

        try
        {
            using var client = CreateClient(endpoint);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            using var response = await client.GetAsync(new Uri("_ping", UriKind.Relative), timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"Docker at {dockerHost} answered {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or OperationCanceledException or NotSupportedException)
        {
            return $"Docker at {dockerHost} did not answer: {ex.Message}";
        }
    }

    private static IEnumerable<string> CandidateSockets()
    {
        yield return "/var/run/docker.sock";
        var runtimeDir = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(runtimeDir))
        {
            yield return Path.Combine(runtimeDir, "docker.sock");
        }
    }

    private static HttpClient CreateClient(Uri endpoint)
    {
        switch (endpoint.Scheme)
        {
            case "unix":
                var handler = new SocketsHttpHandler
                {
                    ConnectCallback = async (_, token) =>
                    {
                        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                        try
                        {
                            await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.AbsolutePath), token).ConfigureAwait(false);
                            return new NetworkStream(socket, ownsSocket: true);
                        }
                        catch
                        {
                            socket.Dispose();
                            throw;
                        }
                    },
                };
                return new HttpClient(handler) { BaseAddress = new Uri("http://docker/") };
            case "tcp":
                return new HttpClient { BaseAddress = new UriBuilder("http", endpoint.Host, endpoint.Port).Uri };
            default:
                throw new NotSupportedException($"scheme '{endpoint.Scheme}' is not probed");
        }
    }
}
