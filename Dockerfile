# syntax=docker/dockerfile:1
# TrailWatcher container: docker build -t trailwatcher . ; see deploy/kubernetes for running it.

# Build: exactly scripts/publish.sh (one native executable compiled ahead of time, linux-x64). The SDK image has no
# native linker: Native AOT links with clang, and the zlib headers the runtime's compression library is built against.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig TrailWatcher.sln ./
COPY src/ src/
COPY rules/ rules/
COPY appsettings.json ./
COPY scripts/publish.sh scripts/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    RID=linux-x64 bash scripts/publish.sh /app

# Run: the runtime-dependencies image (the native build carries what it uses of .NET and ASP.NET Core, for Kestrel's
# /metrics, /healthz and /readyz), as the image's non-root user, with a read-only root file system: nothing is written outside
# /tmp and /data.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
WORKDIR /app
# Owned by root: the service can read its binaries, rules and defaults but not change them.
COPY --from=build --chown=root:root /app ./
# DOTNET_EnableDiagnostics=0: no diagnostic IPC socket in $TMPDIR (nothing else to write on a read-only root).
# ASPNETCORE_HTTP_PORTS is emptied: the .NET images set it to 8080; TrailWatcher binds its metrics port only.
ENV DOTNET_NOLOGO=1 \
    DOTNET_EnableDiagnostics=0 \
    TMPDIR=/tmp \
    ASPNETCORE_HTTP_PORTS="" \
    TrailWatcher__Metrics__BindAddress=0.0.0.0 \
    TrailWatcher__Metrics__Port=9464 \
    TrailWatcher__Directory__Path=/data/inbox
# /data: the inbox of the Directory source and a place for the file sink (TrailWatcher__Sinks__File__Path).
VOLUME ["/data"]
EXPOSE 9464
# APP_UID (1654) is the non-root "app" user of the .NET images.
USER $APP_UID
# The runtime image has no curl: the binary checks its own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/app/TrailWatcher", "health"]
# SIGTERM starts a graceful stop: in-flight objects get ShutdownGraceSeconds, then messages are released.
# Give the container at least grace + 15 s: docker stop -t 45 (Kubernetes: terminationGracePeriodSeconds).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/TrailWatcher"]
CMD ["run"]
