namespace TrailWatcher.Pipeline;

/// <summary>What became of one log object: how much was read and evaluated, the alerts delivered, and the fault if any.</summary>
internal sealed record ObjectOutcome(LogObject Object, long Records, long UncompressedBytes, int Alerts, int EvaluationErrors, Exception? Error)
{
    public bool Succeeded => Error is null;
}
