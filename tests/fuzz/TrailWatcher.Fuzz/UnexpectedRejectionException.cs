namespace TrailWatcher.Fuzz;

/// <summary>A parser rejected an input with its own exception type but without naming the input: a finding, like a crash.</summary>
internal sealed class UnexpectedRejectionException : Exception
{
    public UnexpectedRejectionException()
    {
    }

    public UnexpectedRejectionException(string message)
        : base(message)
    {
    }

    public UnexpectedRejectionException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
