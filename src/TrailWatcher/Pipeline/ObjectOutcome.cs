namespace TrailWatcher.Pipeline;

/// <summary>What became of one log object: how much was read and evaluated, the alerts delivered, and the fault if any.</summary>
/// <param name="Object">The object.</param>
/// <param name="Records">Records read.</param>
/// <param name="UncompressedBytes">Bytes of JSON read.</param>
/// <param name="Alerts">Alerts delivered.</param>
/// <param name="EvaluationErrors">Records a rule could not decide on.</param>
/// <param name="Error">The first fault; null when the object succeeded.</param>
/// <param name="Retryable">
/// True when the fault was not the object's own: it was read and evaluated, but its alerts did not reach every sink.
/// Reading it again later can succeed, so a source takes it again instead of counting it as done. A fault of the
/// object's own (missing, corrupt, not a CloudTrail log) would only happen again.
/// </param>
/// <param name="ContentHash">
/// Lower-case hex SHA-256 of the uncompressed content when the object was <see cref="LogObject.Hashed"/> and read to its
/// end; null otherwise.
/// </param>
internal sealed record ObjectOutcome(LogObject Object, long Records, long UncompressedBytes, int Alerts, int EvaluationErrors, Exception? Error, bool Retryable = false, string? ContentHash = null)
{
    public bool Succeeded => Error is null;
}
