using System.Buffers;
using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>is: name</c>: one of the shared notions about a record, defined once so rules do not copy condition blocks.</summary>
internal sealed class RecordNotionCondition(RecordNotion notion) : Condition
{
    public RecordNotion Notion { get; } = notion;

    public override bool Matches(EventRecord record) => Notion switch
    {
        RecordNotion.Success => Succeeded(record),
        RecordNotion.Root => Property(record, "userIdentity"u8, "type"u8, out var type) && IsText(type, "Root"u8),
        RecordNotion.AwsService => ByAwsService(record),
        RecordNotion.RealSourceIp => record.TryGetProperty("sourceIPAddress"u8, out var source) && IsIpAddress(source),
        RecordNotion.Console => FromConsole(record),
        _ => WithMfa(record),
    };

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

    // Notions run on every candidate a rule with them is offered, so they read UTF-8 in place, through the record's
    // top-level lookup: no property name is transcoded and no string is built for the common short, unescaped value.
    private static bool Succeeded(EventRecord record)
    {
        if (HasValue(record, "errorCode"u8) || HasValue(record, "errorMessage"u8))
        {
            return false;
        }

        // A failed console sign-in is recorded with responseElements.ConsoleLogin = Failure, sometimes without an errorCode.
        Span<char> buffer = stackalloc char[BufferLength];
        return !(Property(record, "responseElements"u8, "ConsoleLogin"u8, out var login)
            && Text(login, buffer).Equals("Failure", StringComparison.OrdinalIgnoreCase));
    }

    private static bool ByAwsService(EventRecord record)
    {
        if ((Property(record, "userIdentity"u8, "type"u8, out var type) && IsText(type, "AWSService"u8))
            || (Property(record, "userIdentity"u8, "invokedBy"u8, out var invokedBy) && invokedBy.ValueKind is not JsonValueKind.Null))
        {
            return true;
        }

        // When a service calls with its own credentials CloudTrail writes its name, not an address, as the source.
        Span<char> buffer = stackalloc char[BufferLength];
        if (!record.TryGetProperty("sourceIPAddress"u8, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var source = Text(value, buffer);
        return source.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) || source.Equals("AWS Internal", StringComparison.OrdinalIgnoreCase);
    }

    private static bool FromConsole(EventRecord record)
    {
        if (record.TryGetProperty("sessionCredentialFromConsole"u8, out var fromConsole) && (fromConsole.ValueKind == JsonValueKind.True || IsText(fromConsole, "true"u8)))
        {
            return true;
        }

        if (!record.TryGetProperty("userAgent"u8, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[BufferLength];
        var agent = Text(value, buffer);
        return agent.Equals("signin.amazonaws.com", StringComparison.OrdinalIgnoreCase)
            || agent.StartsWith("console.", StringComparison.OrdinalIgnoreCase)
            || agent.ContainsAny(ConsoleHosts);
    }

    // One vectorised pass for both hosts: a rule with this notion runs it on every user agent it is offered, and two
    // case-insensitive Contains calls walked the text a character at a time.
    private static readonly SearchValues<string> ConsoleHosts =
        SearchValues.Create(["console.amazonaws.com", ".console.aws.amazon.com"], StringComparison.OrdinalIgnoreCase);

    private static bool WithMfa(EventRecord record)
    {
        Span<char> buffer = stackalloc char[BufferLength];
        return (Property(record, "additionalEventData"u8, "MFAUsed"u8, out var used) && used.ValueKind == JsonValueKind.String && Text(used, buffer).Equals("Yes", StringComparison.OrdinalIgnoreCase))
            || (Property(record, "userIdentity"u8, "sessionContext"u8, out var session) && session.ValueKind == JsonValueKind.Object
                && session.TryGetProperty("attributes"u8, out var attributes)
                && attributes.ValueKind == JsonValueKind.Object && attributes.TryGetProperty("mfaAuthenticated"u8, out var mfa)
                && mfa.ValueKind is JsonValueKind.String or JsonValueKind.True && Text(mfa, buffer).Equals("true", StringComparison.OrdinalIgnoreCase));
    }

    private const int BufferLength = 256;

    private static bool Property(EventRecord record, ReadOnlySpan<byte> name, ReadOnlySpan<byte> inner, out JsonElement value)
    {
        value = default;
        return record.TryGetProperty(name, out var outer)
            && outer.ValueKind == JsonValueKind.Object
            && outer.TryGetProperty(inner, out value);
    }

    // ValueEquals throws on anything but a string: a record shaped by an attacker may put a number or an object here.
    private static bool IsText(JsonElement value, ReadOnlySpan<byte> text) => value.ValueKind == JsonValueKind.String && value.ValueEquals(text);

    private static bool HasValue(EventRecord record, ReadOnlySpan<byte> name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    /// <summary>A string's content or a scalar's JSON text (<see cref="RecordText.Chars"/>); nothing for an object or an array.</summary>
    private static ReadOnlySpan<char> Text(JsonElement value, Span<char> buffer) =>
        value.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? [] : RecordText.Chars(value, buffer);

    private static bool IsIpAddress(JsonElement value)
    {
        Span<char> buffer = stackalloc char[BufferLength];
        return RecordText.IsScalar(value) && RecordText.TryParseAddress(RecordText.Chars(value, buffer), out _);
    }

}
