using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>is: name</c>: one of the shared notions about a record, defined once so rules do not copy condition blocks.</summary>
internal sealed class RecordNotionCondition(RecordNotion notion) : Condition
{
    public RecordNotion Notion { get; } = notion;

    public override bool Matches(EventRecord record) => Matches(record.Root);

    internal override void CollectFields(List<FieldReader> fields) => fields.AddRange(FieldsOf(Notion));

    // The record places each notion reads below, as paths, so a tool can show their values.
    private static FieldPath[] FieldsOf(RecordNotion notion) => notion switch
    {
        RecordNotion.Success => [.. Paths("errorCode", "errorMessage", "responseElements.ConsoleLogin")],
        RecordNotion.Root => [.. Paths("userIdentity.type")],
        RecordNotion.AwsService => [.. Paths("userIdentity.type", "userIdentity.invokedBy", "sourceIPAddress")],
        RecordNotion.RealSourceIp => [.. Paths("sourceIPAddress")],
        RecordNotion.Console => [.. Paths("sessionCredentialFromConsole", "userAgent")],
        _ => [.. Paths("additionalEventData.MFAUsed", "userIdentity.sessionContext.attributes.mfaAuthenticated")],
    };

    private static IEnumerable<FieldPath> Paths(params string[] paths) => paths.Select(FieldPath.Parse);

    private bool Matches(JsonElement record) => Notion switch
    {
        RecordNotion.Success => Succeeded(record),
        RecordNotion.Root => TextOf(record, "userIdentity", "type") is "Root",
        RecordNotion.AwsService => ByAwsService(record),
        RecordNotion.RealSourceIp => IsIpAddress(TextOf(record, "sourceIPAddress")),
        RecordNotion.Console => FromConsole(record),
        _ => WithMfa(record),
    };

    private static bool Succeeded(JsonElement record)
    {
        if (HasValue(record, "errorCode") || HasValue(record, "errorMessage"))
        {
            return false;
        }

        // A failed console sign-in is recorded with responseElements.ConsoleLogin = Failure, sometimes without an errorCode.
        return !string.Equals(TextOf(record, "responseElements", "ConsoleLogin"), "Failure", StringComparison.OrdinalIgnoreCase);
    }

    private static bool ByAwsService(JsonElement record)
    {
        if (TextOf(record, "userIdentity", "type") is "AWSService" || HasValue(record, "userIdentity", "invokedBy"))
        {
            return true;
        }

        // When a service calls with its own credentials CloudTrail writes its name, not an address, as the source.
        var source = TextOf(record, "sourceIPAddress");
        return source is not null
            && (source.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) || source.Equals("AWS Internal", StringComparison.OrdinalIgnoreCase));
    }

    private static bool FromConsole(JsonElement record)
    {
        if (TextOf(record, "sessionCredentialFromConsole") is "true")
        {
            return true;
        }

        var agent = TextOf(record, "userAgent");
        return agent is not null
            && (agent.Equals("signin.amazonaws.com", StringComparison.OrdinalIgnoreCase)
                || agent.StartsWith("console.", StringComparison.OrdinalIgnoreCase)
                || agent.Contains("console.amazonaws.com", StringComparison.OrdinalIgnoreCase)
                || agent.Contains(".console.aws.amazon.com", StringComparison.OrdinalIgnoreCase));
    }

    private static bool WithMfa(JsonElement record) =>
        string.Equals(TextOf(record, "additionalEventData", "MFAUsed"), "Yes", StringComparison.OrdinalIgnoreCase)
        || string.Equals(TextOf(record, "userIdentity", "sessionContext", "attributes", "mfaAuthenticated"), "true", StringComparison.OrdinalIgnoreCase);

    private static bool IsIpAddress(string? text) => text is not null && RecordText.TryParseAddress(text, out _);

    private static string? TextOf(JsonElement record, params ReadOnlySpan<string> path) => RecordText.Text(record, path);

    private static bool HasValue(JsonElement record, params ReadOnlySpan<string> path) => RecordText.HasValue(record, path);
}
