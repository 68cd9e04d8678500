using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Fuzz.Targets;

/// <summary>A CloudTrail digest file's JSON through DigestFileParser.</summary>
internal sealed class DigestTarget : IFuzzTarget
{
    private const string ObjectName = "s3://fuzz/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/01/01/fuzz.json.gz";

    public string Name => "digest";

    public void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            DigestFileParser.Parse(input, ObjectName);
        }
        catch (DigestFormatException ex) when (ex.Message.StartsWith(ObjectName, StringComparison.Ordinal))
        {
            // Rejected as documented, the object named.
        }
    }
}
