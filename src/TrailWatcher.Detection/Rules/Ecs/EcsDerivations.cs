using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Ecs;

/// <summary>The computations behind the ECS fields that are not a plain rename of one record field.</summary>
internal static class EcsDerivations
{
    // Keyword fields over this length are not indexed (ignore_above in the package's mapping), so no query matches them.
    private const int RenderedKeywordLimit = 8191;

    private static readonly JsonElement True = JsonSerializer.SerializeToElement(true, DerivedJson.Default.Boolean);
    private static readonly JsonElement False = JsonSerializer.SerializeToElement(false, DerivedJson.Default.Boolean);

    /// <summary>The same value for every record.</summary>
    public static Func<EventRecord, JsonElement[]> Constant(string text)
    {
        JsonElement[] values = [DerivedField.TextValue(text)];
        return _ => values;
    }

    /// <summary>event.outcome: ConsoleLogin's own verdict in lower case, else failure when an error code or message is present.</summary>
    public static JsonElement[] Outcome(EventRecord record)
    {
        var root = record.Root;
        if (EcsRecord.KeptText(root, "eventName") == "ConsoleLogin" && EcsRecord.KeptText(root, "responseElements", "ConsoleLogin") is { } verdict)
        {
            return Text(verdict.ToLowerInvariant());
        }

        return Text(EcsRecord.HasKept(root, "errorCode") || EcsRecord.HasKept(root, "errorMessage") ? "failure" : "success");
    }

    /// <summary>cloud.account.id: the caller's account, else the account that received the event.</summary>
    public static JsonElement[] AccountId(EventRecord record) =>
        Text(EcsRecord.KeptText(record.Root, "userIdentity", "accountId") ?? EcsRecord.KeptText(record.Root, "recipientAccountId"));

    /// <summary>source.ip: sourceIPAddress only when the whole of it is an IP address (not a service name such as s3.amazonaws.com).</summary>
    public static JsonElement[] SourceIp(EventRecord record) =>
        EcsRecord.KeptText(record.Root, "sourceIPAddress") is { } address && IsIpAddress(address) ? Text(address) : [];

    /// <summary>user.name: the identity's userName; for an assumed role or federated user the session issuer's name wins.</summary>
    public static JsonElement[] UserName(EventRecord record) => Text(UserNameText(record.Root));

    /// <summary>user.id: the principal id, or for an IAM Identity Center user without one, the user it acts for.</summary>
    public static JsonElement[] UserId(EventRecord record) => Text(UserIdText(record.Root));

    /// <summary>user.email: user.name when it looks like an address (an @ after its first character).</summary>
    public static JsonElement[] UserEmail(EventRecord record) =>
        UserNameText(record.Root) is { } name && name.IndexOf('@', StringComparison.Ordinal) > 0 ? Text(name) : [];

    /// <summary>user.changes.name: requestParameters.newUserName, else an assumed role's or federated user's session name.</summary>
    public static JsonElement[] UserChangesName(EventRecord record) => Text(UserChangesNameText(record.Root));

    /// <summary>related.user: the names and ids the pipeline appends, in its order, without repeats.</summary>
    public static JsonElement[] RelatedUser(EventRecord record)
    {
        var root = record.Root;
        string?[] candidates =
        [
            EcsRecord.KeptText(root, "requestParameters", "userName"),
            EcsRecord.KeptText(root, "requestParameters", "newUserName"),
            EcsRecord.KeptText(root, "responseElements", "user", "userId"),
            UserIdText(root),
            UserNameText(root),
            UserChangesNameText(root),
        ];
        return [.. candidates.OfType<string>().Distinct(StringComparer.Ordinal).Select(DerivedField.TextValue)];
    }

    /// <summary>A record time (eventTime, a session's creationDate) as the date processor stores it.</summary>
    public static Func<EventRecord, JsonElement[]> Date(params string[] path) =>
        record => Text(EcsRecord.ElasticDate(EcsRecord.KeptText(record.Root, path)));

    /// <summary>One of the objects the pipeline keeps as text (requestParameters, responseElements, ...).</summary>
    public static Func<EventRecord, JsonElement[]> Rendered(string property, bool keywordLimit) => record =>
    {
        if (record.Root.ValueKind != JsonValueKind.Object || !record.Root.TryGetProperty(property, out var value)
            || PainlessText.Render(value) is not { } text)
        {
            return [];
        }

        return keywordLimit && text.Length > RenderedKeywordLimit ? [] : Text(text);
    };

    /// <summary>aws.cloudtrail.console_login.additional_eventdata.*: MobileVersion and MFAUsed as booleans (anything but "No" is true), LoginTo as is.</summary>
    public static Func<EventRecord, JsonElement[]> ConsoleLogin(string property, bool asBoolean) => record =>
    {
        var root = record.Root;
        if (EcsRecord.KeptText(root, "eventName") != "ConsoleLogin"
            || !EcsRecord.TryGetKept(root, out var value, "additionalEventData", property))
        {
            return [];
        }

        if (asBoolean)
        {
            return [value.ValueKind == JsonValueKind.String && value.ValueEquals("No"u8) ? False : True];
        }

        return [value];
    };

    /// <summary>tls.version_protocol and tls.version, split from tlsDetails.tlsVersion at its first "v" ("TLSv1.3": tls, 1.3).</summary>
    public static Func<EventRecord, JsonElement[]> Tls(bool protocol) => record =>
    {
        var version = EcsRecord.KeptText(record.Root, "tlsDetails", "tlsVersion");
        if (version is null or "tlsVersion")
        {
            return [];
        }

        // Without a "v" the split fails and the pipeline keeps the whole text as the version.
        var split = version.IndexOf('v', StringComparison.Ordinal);
        if (split < 0)
        {
            return protocol ? [] : Text(version);
        }

        return Text(protocol ? version[..split].ToLowerInvariant() : version[(split + 1)..]);
    };

    private static string? UserNameText(JsonElement root)
    {
        var type = EcsRecord.KeptText(root, "userIdentity", "type");
        if (type is "AssumedRole" or "FederatedUser"
            && EcsRecord.KeptText(root, "userIdentity", "sessionContext", "sessionIssuer", "userName") is { } issuer)
        {
            return issuer;
        }

        var name = EcsRecord.KeptText(root, "userIdentity", "userName");
        if (name is null && EcsRecord.KeptText(root, "eventName") == "UserAuthentication")
        {
            name = EcsRecord.KeptText(root, "additionalEventData", "UserName");
        }

        return name;
    }

    private static string? UserIdText(JsonElement root) =>
        EcsRecord.KeptText(root, "userIdentity", "principalId")
        ?? (EcsRecord.KeptText(root, "userIdentity", "type") == "IdentityCenterUser"
            ? EcsRecord.KeptText(root, "userIdentity", "onBehalfOf", "userId")
            : null);

    private static string? UserChangesNameText(JsonElement root)
    {
        if (EcsRecord.KeptText(root, "requestParameters", "newUserName") is { } newName)
        {
            return newName;
        }

        // The pipeline's pattern is "arn:aws:sts:" then anything up to a last "/", whose remainder it takes.
        if (EcsRecord.KeptText(root, "userIdentity", "type") is not ("AssumedRole" or "FederatedUser")
            || EcsRecord.KeptText(root, "userIdentity", "arn") is not { } arn)
        {
            return null;
        }

        var start = arn.IndexOf("arn:aws:sts:", StringComparison.Ordinal);
        var slash = arn.LastIndexOf('/');
        return start >= 0 && slash > start + 11 && slash < arn.Length - 1 ? arn[(slash + 1)..] : null;
    }

    // The pipeline's grok IP pattern: four dotted decimal parts of one to three digits up to 255, or an IPv6 address.
    private static bool IsIpAddress(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return text[0] != '[' && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit) && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }

    private static JsonElement[] Text(string? text) => text is null ? [] : [DerivedField.TextValue(text)];
}
