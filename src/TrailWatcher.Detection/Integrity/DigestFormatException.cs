namespace TrailWatcher.Detection.Integrity;

/// <summary>A digest object that is not a CloudTrail digest; the message names the object and what is wrong.</summary>
public sealed class DigestFormatException : Exception
{
    public DigestFormatException()
    {
    }

    public DigestFormatException(string message)
        : base(message)
    {
    }

    public DigestFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
