using TrailWatcher.Sources.S3;

namespace TrailWatcher.Sources.Sqs;

/// <summary>A parsed SQS message: its kind, the format it came in (for logs and metrics) and the objects it announces.</summary>
internal sealed record Notification(NotificationKind Kind, string Format, IReadOnlyList<S3ObjectReference> Objects, string? Detail = null)
{
    public static Notification Unknown(string detail) => new(NotificationKind.Unknown, "unknown", [], detail);
}
