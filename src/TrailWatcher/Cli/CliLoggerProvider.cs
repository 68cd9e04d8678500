using Microsoft.Extensions.Logging;

namespace TrailWatcher.Cli;

/// <summary>Logs of the one-shot verbs as plain <c>error: …</c> / <c>warning: …</c> lines on standard error.</summary>
internal sealed class CliLoggerProvider(LogLevel minimum, TextWriter output) : ILoggerProvider
{
    private readonly Lock _gate = new();

    private LogLevel Minimum { get; } = minimum;

    public ILogger CreateLogger(string categoryName) => new CliLogger(this);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string message, Exception? exception)
    {
        var prefix = level switch
        {
            LogLevel.Critical or LogLevel.Error => "error",
            LogLevel.Warning => "warning",
            LogLevel.Information => "info",
            _ => "debug",
        };
        var detail = exception is null || message.Contains(exception.Message, StringComparison.Ordinal) ? "" : ": " + exception.Message;
        lock (_gate)
        {
            output.WriteLine($"{prefix}: {message}{detail}");
        }
    }

    private sealed class CliLogger(CliLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider.Minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, formatter(state, exception), exception);
            }
        }
    }
}
