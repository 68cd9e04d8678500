# Build: the same restore and publish steps as scripts/publish.sh.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig TrailWatcher.sln ./
COPY src/ src/
COPY rules/ rules/
COPY appsettings.json ./
COPY scripts/publish.sh scripts/
RUN RID=linux-x64 bash scripts/publish.sh /app

# Run: the runtime only, as a non-root user, nothing written outside the inbox volume.
FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV DOTNET_NOLOGO=1 \
    TrailWatcher__Directory__Path=/data/inbox
VOLUME ["/data/inbox"]
USER app
ENTRYPOINT ["/app/TrailWatcher"]
CMD ["run"]
