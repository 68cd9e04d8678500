using TrailWatcher.Sources.Sqs;

namespace TrailWatcher.Fuzz.Targets;

/// <summary>An SQS message body through NotificationParser, which answers every body with a notification (Unknown when it is none) and never throws.</summary>
internal sealed class NotificationTarget : IFuzzTarget
{
    public string Name => "sqs";

    public void Run(ReadOnlySpan<byte> input) => NotificationParser.Parse(FuzzText.Decode(input));
}
