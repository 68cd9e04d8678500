using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>Reads who an IAM-style policy document (JSON text or an object, as CloudTrail records it) lets in.</summary>
internal static class PolicyDocument
{
    // Condition keys that tie a statement to a caller's network, account or organisation: with one of them a
    // Principal of "*" is not public (the keys AWS names when it decides whether a bucket policy is public).
    private static readonly string[] RestrictingKeys =
    [
        "aws:sourceip", "aws:sourcevpc", "aws:sourcevpce", "aws:sourcearn", "aws:sourceaccount", "aws:sourceowner",
        "aws:principalorgid", "aws:principalaccount", "aws:principalarn", "aws:userid", "aws:principalorgpaths",
        "aws:sourceorgid", "aws:sourceorgpaths", "s3:dataaccesspointarn", "s3:dataaccesspointaccount",
    ];

    /// <summary>True when an Allow statement of the document grants what <paramref name="grant"/> asks for.</summary>
    public static bool Grants(JsonElement document, PolicyGrant grant, string? ownAccount)
    {
        if (document.ValueKind == JsonValueKind.String)
        {
            var text = document.GetString()!;
            if (text.StartsWith('%'))
            {
                // Some services record the document URL-encoded.
                text = Uri.UnescapeDataString(text);
            }

            try
            {
                using var parsed = JsonDocument.Parse(text);
                return Grants(parsed.RootElement, grant, ownAccount);
            }
            catch (JsonException)
            {
                return false;
            }
        }

        if (document.ValueKind != JsonValueKind.Object || !TryGetIgnoreCase(document, "Statement", out var statements))
        {
            return false;
        }

        if (statements.ValueKind == JsonValueKind.Object)
        {
            return StatementGrants(statements, grant, ownAccount);
        }

        if (statements.ValueKind == JsonValueKind.Array)
        {
            foreach (var statement in statements.EnumerateArray())
            {
                if (statement.ValueKind == JsonValueKind.Object && StatementGrants(statement, grant, ownAccount))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool StatementGrants(JsonElement statement, PolicyGrant grant, string? ownAccount)
    {
        if (!TryGetIgnoreCase(statement, "Effect", out var effect) || effect.ValueKind != JsonValueKind.String
            || !string.Equals(effect.GetString(), "Allow", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var restricted = IsRestricted(statement);
        if (grant != PolicyGrant.CrossAccount && !restricted && TryGetIgnoreCase(statement, "NotPrincipal", out _))
        {
            // Allow with NotPrincipal lets in everyone but the few it names.
            return true;
        }

        if (!TryGetIgnoreCase(statement, "Principal", out var principal))
        {
            return false;
        }

        foreach (var name in AwsPrincipals(principal))
        {
            if (name == "*")
            {
                if (grant != PolicyGrant.CrossAccount && !restricted)
                {
                    return true;
                }
            }
            else if (grant != PolicyGrant.Public && AccountOf(name) is { } account && ownAccount is not null
                && !string.Equals(account, ownAccount, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> AwsPrincipals(JsonElement principal)
    {
        if (principal.ValueKind == JsonValueKind.String)
        {
            yield return principal.GetString()!;
            yield break;
        }

        if (principal.ValueKind != JsonValueKind.Object || !TryGetIgnoreCase(principal, "AWS", out var aws))
        {
            yield break;
        }

        if (aws.ValueKind == JsonValueKind.String)
        {
            yield return aws.GetString()!;
        }
        else if (aws.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in aws.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    yield return item.GetString()!;
                }
            }
        }
    }

    /// <summary>The account of <c>123456789012</c> or <c>arn:aws:iam::123456789012:…</c>; null for anything else.</summary>
    internal static string? AccountOf(string principal)
    {
        if (principal.Length == 12 && principal.All(char.IsAsciiDigit))
        {
            return principal;
        }

        var parts = principal.Split(':');
        return parts.Length >= 6 && parts[0] == "arn" && parts[4].Length == 12 && parts[4].All(char.IsAsciiDigit) ? parts[4] : null;
    }

    private static bool IsRestricted(JsonElement statement)
    {
        if (!TryGetIgnoreCase(statement, "Condition", out var condition) || condition.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var op in condition.EnumerateObject())
        {
            if (op.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var key in op.Value.EnumerateObject())
            {
                if (RestrictingKeys.Contains(key.Name.ToLowerInvariant()) && !AllowsAnything(key.Value))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // A condition value of "*" narrows nothing.
    private static bool AllowsAnything(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() == "*",
        JsonValueKind.Array => value.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.String && v.GetString() == "*"),
        _ => false,
    };

    private static bool TryGetIgnoreCase(JsonElement obj, string name, out JsonElement value)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
