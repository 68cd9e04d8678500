using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Sinks;

/// <summary>Alerts as JSON lines on standard output; logs go to standard error so the two never mix.</summary>
internal sealed class ConsoleAlertSink(Stream standardOutput, AlertFormat format = AlertFormat.Native) : IAlertSink
{
    private readonly JsonLinesAlertWriter _writer = new(format);
    private readonly SemaphoreSlim _lock = new(1, 1);

    public string Name => "console";

    public async ValueTask WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _writer.WriteAsync(standardOutput, alerts, cancellationToken).ConfigureAwait(false);
            await standardOutput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }
}
