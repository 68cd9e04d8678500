using System.Net;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>is: name</c>: one of the shared notions about a record, defined once so rules do not copy condition blocks.</summary>
internal sealed class RecordNotionCondition(RecordNotion notion) : Condition
{
    public RecordNotion Notion { get; } = notion;

    public override bool Matches(EventRecord record) => Matches(record.Root);

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

    /// <summary>True for a dotted IPv4 address or an IPv6 address; service names and shorthands such as "10.1" are not.</summary>
    internal static bool IsIpAddress(string? text)
    {
        if (text is null || !IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        return address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || text.Count(c => c == '.') == 3;
    }

    private static bool HasValue(JsonElement record, params ReadOnlySpan<string> path) =>
        TryWalk(record, path, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    private static string? TextOf(JsonElement record, params ReadOnlySpan<string> path) =>
        TryWalk(record, path, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        } : null;

    private static bool TryWalk(JsonElement record, ReadOnlySpan<string> path, out JsonElement value)
    {
        value = record;
        foreach (var name in path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                return false;
            }
        }

        return true;
    }
}
