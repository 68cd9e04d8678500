using TrailWatcher.Pipeline;
using TrailWatcher.Sources.S3;

namespace TrailWatcher.Sources.Sqs;

/// <summary>What the message handler does for log file integrity when it is on: validate a digest, note a processed log file.</summary>
/// <param name="ValidateAsync">Validates an announced digest; true once done (findings delivered), false to try again later.</param>
/// <param name="RecordAsync">Notes an object read, evaluated and delivered (with its content hash) in the ledger.</param>
/// <remarks>Delegates, so the source does not depend on the integrity folder, which reads S3 through the source's opener.</remarks>
internal sealed record DigestHook(
    Func<S3ObjectReference, CancellationToken, Task<bool>> ValidateAsync,
    Func<ObjectOutcome, CancellationToken, ValueTask> RecordAsync);
