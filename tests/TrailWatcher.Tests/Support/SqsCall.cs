namespace TrailWatcher.Tests.Support;

/// <summary>One call a source made on <see cref="FakeSqs"/>.</summary>
/// <param name="Action"><c>Receive</c>, <c>Delete</c> or <c>ChangeVisibility</c>.</param>
/// <param name="ReceiptHandle">The message it was about (delete, visibility).</param>
/// <param name="MaxMessages">Messages asked for (receive).</param>
/// <param name="VisibilityTimeout">Seconds asked for (visibility; 0 releases the message).</param>
internal sealed record SqsCall(string Action, string? ReceiptHandle = null, int? MaxMessages = null, int? VisibilityTimeout = null)
{
    public const string Receive = "Receive";
    public const string Delete = "Delete";
    public const string ChangeVisibility = "ChangeVisibility";

    public bool IsDeleteOf(string receiptHandle) => Action == Delete && ReceiptHandle == receiptHandle;

    public bool IsVisibilityOf(string receiptHandle, int seconds) => Action == ChangeVisibility && ReceiptHandle == receiptHandle && VisibilityTimeout == seconds;
}
