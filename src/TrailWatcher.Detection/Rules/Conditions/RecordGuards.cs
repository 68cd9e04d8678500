using System.Globalization;
using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>Derives a <see cref="RecordGuard"/> from a condition: text that any record it matches must contain.</summary>
public static class RecordGuards
{
    // More alternatives than this cost more to search than a parse saves (above four, one pass finds them all).
    private const int MaxAlternatives = 32;

    // Searching for more clauses than this costs more than it saves.
    private const int MaxClauses = 3;

    /// <summary>The guard of a condition, or null when no text is certain to appear (the record is then always parsed).</summary>
    public static RecordGuard? Derive(Condition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var traits = RequiredTraits(condition);
        var clauses = Clauses(condition)
            .Where(c => !(c.Count == 1 && TraitKeys.TryGetValue(traits, out var key) && c.Contains(key)))
            .OrderBy(Rank)
            .Take(MaxClauses)
            .ToList();
        var network = NetworkGuardOf(condition);
        return clauses.Count > 0 || traits != RecordTraits.None || network is not null ? new RecordGuard(clauses, traits) { Network = network } : null;
    }

    // An all that needs a top-level field present and its value outside some networks (a call from a public address):
    // the value can be read from the text, as the field is certain to be there when the rule matches.
    private static NetworkGuard? NetworkGuardOf(Condition condition)
    {
        if (condition is not AllCondition all)
        {
            return null;
        }

        foreach (var child in all.Children)
        {
            if (child is NotCondition { Child: CidrCondition { Field: FieldPath path } cidr }
                && path.LastPropertyName is { } name && path.IsTopLevelProperty(name) && Plain(name) is not null
                && all.Children.Any(c => RequiresPresent(c, name)))
            {
                return new NetworkGuard(name, cidr);
            }
        }

        return null;
    }

    private static bool RequiresPresent(Condition condition, string name) => condition switch
    {
        RecordNotionCondition { Notion: RecordNotion.RealSourceIp } => name == "sourceIPAddress",
        ExistsCondition { ShouldExist: true, Field: FieldPath path } => path.IsTopLevelProperty(name),
        _ => false,
    };

    // Every clause is a necessary condition; an all's children each add theirs.
    private static List<HashSet<GuardText>> Clauses(Condition condition)
    {
        if (condition is AllCondition all)
        {
            return [.. all.Children.SelectMany(Clauses)];
        }

        return Literals(condition) is { Count: > 0 and <= MaxAlternatives } literals ? [literals] : [];
    }

    // The reader notes top-level errorCode, errorMessage and vpcEndpointId keys as traits: a condition that needs one
    // of them is ruled out for a record without it, before any text is searched.
    private static RecordTraits RequiredTraits(Condition condition)
    {
        switch (condition)
        {
            case ExistsCondition { ShouldExist: false }:
                return RecordTraits.None;
            case LeafCondition { Field: FieldPath path } when path.IsTopLevelProperty("errorCode"):
                return RecordTraits.ErrorCode;
            case LeafCondition { Field: FieldPath path } when path.IsTopLevelProperty("errorMessage"):
                return RecordTraits.ErrorMessage;
            case LeafCondition { Field: FieldPath path } when path.IsTopLevelProperty("vpcEndpointId"):
                return RecordTraits.VpcEndpoint;
            case AllCondition all:
                return all.Children.Select(RequiredTraits).FirstOrDefault(t => t != RecordTraits.None);
            case AnyCondition any:
                var union = RecordTraits.None;
                foreach (var child in any.Children)
                {
                    var traits = RequiredTraits(child);
                    if (traits == RecordTraits.None)
                    {
                        return RecordTraits.None;
                    }

                    union |= traits;
                }

                return union;
            default:
                return RecordTraits.None;
        }
    }

    private static HashSet<GuardText>? Literals(Condition condition)
    {
        switch (condition)
        {
            // eventName and eventSource equality is the index's first dimension; repeating it here would search for nothing new.
            case EqualsCondition or OneOfCondition when IsIndexed(((LeafCondition)condition).Field):
                return null;

            // A derived field's value is computed, not written in the record.
            case LeafCondition leaf when leaf.Field is not FieldPath:
                return null;
            case EqualsCondition equals when Token(equals.Value) is { } token:
                return [new GuardText(token, equals.IgnoreCase, WholeValueScope(equals.Field, equals.IgnoreCase, 1), InIdentity(equals.Field))];
            case OneOfCondition oneOf when AllTokens(oneOf.Values.Select(Token), oneOf.IgnoreCase, InIdentity(oneOf.Field)) is { } tokens:
                return WholeValueScope(oneOf.Field, oneOf.IgnoreCase, tokens.Count) is { } scope ? [.. tokens.Select(t => t with { Scope = scope })] : tokens;
            // A text matched within a value stands in the value of a key of the field's name: only those are searched.
            case TextMatchCondition { Kind: not TextMatchKind.Wildcard } text when Fragment(text) is { } fragment:
                return [new GuardText(fragment, text.IgnoreCase, ScopeOf(text.Field), InIdentity(text.Field))];

            // A wildcard or a regex matches only text holding its longest fixed run.
            case TextMatchCondition { Kind: TextMatchKind.Wildcard } wildcard when Plain(wildcard.WildcardLiteral) is { Length: >= 3 } run:
                return [new GuardText(run, wildcard.IgnoreCase, ScopeOf(wildcard.Field), InIdentity(wildcard.Field))];
            case RegexCondition regex when RegexLiteral.Required(regex.Pattern) is { } required && Plain(required) is { } run:
                return [new GuardText(run, regex.IgnoreCase, ScopeOf(regex.Field), InIdentity(regex.Field))];

            // Sigma's leaf over a scalar, or over an object's compact text: a text that cannot cross a JSON token's edge
            // there is written the same in the record, though not always within one value of the field's name.
            case ObjectTextCondition objectText when Literals(objectText.Inner) is { } inner && inner.All(t => WithinToken(t.Text)):
                return [.. inner.Select(t => t with { Scope = null })];
            case ExistsCondition { ShouldExist: false }:
                return null;

            // Any other leaf matches only a value that is there, so the field's own name is in the record.
            case LeafCondition leaf:
                return KeyOf(leaf.Field) is { } key ? [new GuardText(key, IgnoreCase: false, InIdentity: InIdentity(leaf.Field))] : null;
            case RecordNotionCondition { Notion: RecordNotion.Root }:
                return [new GuardText("\"Root\"", IgnoreCase: false, InIdentity: true)];
            case AllCondition all:
                // Inside an any, one clause per branch: the most selective.
                return all.Children.Select(Literals).Where(l => l is { Count: > 0 and <= MaxAlternatives }).OrderBy(l => Rank(l!)).FirstOrDefault();
            case AnyCondition any:
                var union = new HashSet<GuardText>();
                foreach (var child in any.Children)
                {
                    if (Literals(child) is not { Count: > 0 } set)
                    {
                        return null;
                    }

                    union.UnionWith(set);
                }

                // A text that branches find both inside and outside userIdentity is searched once, in the whole record.
                return [.. union.GroupBy(t => t with { InIdentity = false }).Select(g => g.All(t => t.InIdentity) ? g.First() : g.Key)];
            default:
                return null;
        }
    }

    // Longer texts are rarer, and fewer alternatives search faster: the likeliest to reject a record come first.
    private static double Rank(HashSet<GuardText> clause) => clause.Count / (double)clause.Min(s => s.Text.Length);

    // The key texts a required trait already proves present: searching for them again would find nothing new.
    private static readonly Dictionary<RecordTraits, GuardText> TraitKeys = new()
    {
        [RecordTraits.ErrorCode] = new GuardText("\"errorCode\"", IgnoreCase: false),
        [RecordTraits.ErrorMessage] = new GuardText("\"errorMessage\"", IgnoreCase: false),
        [RecordTraits.VpcEndpoint] = new GuardText("\"vpcEndpointId\"", IgnoreCase: false),
    };

    // Names every record carries, or so short they occur everywhere, would be searched for nothing.
    private static readonly HashSet<string> CommonNames = new(StringComparer.Ordinal)
    {
        "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress",
        "userAgent", "requestParameters", "responseElements", "requestID", "eventID", "readOnly", "eventType",
        "managementEvent", "recipientAccountId", "eventCategory", "accountId", "principalId", "sessionContext",
        "attributes", "creationDate", "mfaAuthenticated", "sessionIssuer", "tlsDetails", "tlsVersion", "cipherSuite",
        "clientProvidedHostHeader", "resources",
    };

    private static string? KeyOf(FieldReader field) =>
        field is FieldPath path && path.LastPropertyName is { Length: >= 6 } name && !CommonNames.Contains(name) ? Quoted(name) : null;

    // A value compared whole stands as the value of a key of the field's name too. Searching only those values pays
    // where a search of the whole record is slow: for texts that ignore case, and for more alternatives than are
    // searched one by one (those take the one-pass multi-text search). Null: search the whole record.
    private static string? WholeValueScope(FieldReader field, bool ignoreCase, int alternatives) =>
        ignoreCase || alternatives > RecordGuard.SeparateSearches ? ScopeOf(field) : null;

    // The key name whose values hold what a leaf on this path reads; null for a path ending on an index or a name JSON
    // must escape.
    private static string? ScopeOf(FieldReader field) =>
        field is FieldPath { LastPropertyName: { } name } && Plain(name) is not null ? name : null;

    // A value read below userIdentity stands inside that key's value, where the reader marks it (RawRecord.Identity).
    private static bool InIdentity(FieldReader field) => field is FieldPath path && path.IsBelowTopLevelProperty("userIdentity");

    private static bool IsIndexed(FieldReader field) =>
        field is FieldPath path && (path.IsTopLevelProperty("eventName") || path.IsTopLevelProperty("eventSource"));

    private static HashSet<GuardText>? AllTokens(IEnumerable<string?> tokens, bool ignoreCase, bool inIdentity)
    {
        var set = new HashSet<GuardText>();
        foreach (var token in tokens)
        {
            if (token is null)
            {
                return null;
            }

            set.Add(new GuardText(token, ignoreCase, InIdentity: inIdentity));
        }

        return set;
    }

    // The text a value compared by equals leaves in unescaped JSON: a string token "v", or the raw token of a number or literal.
    private static string? Token(string value)
    {
        if (new[] { "true", "false", "null" }.Contains(value, StringComparer.OrdinalIgnoreCase) || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return Plain(value);
        }

        return Quoted(value);
    }

    private static string? Fragment(TextMatchCondition text)
    {
        if (Plain(text.Value) is not { } plain || plain.Length == 0)
        {
            return null;
        }

        // A string's prefix follows its opening quote and its suffix precedes its closing one; a number or a
        // literal (true, false, null) has no quotes, and its text is compared too.
        var bare = plain.Any(char.IsAsciiDigit) || plain[0] is '-' or '+' or '.'
            || new[] { "true", "false", "null" }.Any(word => word.Contains(plain, StringComparison.OrdinalIgnoreCase));
        return text.Kind switch
        {
            TextMatchKind.StartsWith when !bare => "\"" + plain,
            TextMatchKind.EndsWith when !bare => plain + "\"",
            _ => plain,
        };
    }

    // Without a quote (Plain), a text can cross a token's edge in compact JSON only at a bracket, a comma, or a key's
    // colon: one inside the text follows a character where a key's colon follows its quote, and one the text starts
    // with is a key's only if a value starts next (a digit, '-', true, false, null; a string's quote is not Plain).
    private static bool WithinToken(string text)
    {
        var content = text.Trim('"');
        return content.Length > 0
            && content.IndexOfAny(['{', '}', '[', ']', ',']) < 0
            && (content[0] != ':' || (content.Length > 1 && !"0123456789-tfn".Contains(char.ToLowerInvariant(content[1]), StringComparison.Ordinal)));
    }

    private static string? Quoted(string value) => Plain(value) is { } plain ? "\"" + plain + "\"" : null;

    // Text JSON must escape cannot be searched for literally.
    private static string? Plain(string value) => value.Any(c => c is '"' or '\\' || char.IsControl(c)) ? null : value;
}
