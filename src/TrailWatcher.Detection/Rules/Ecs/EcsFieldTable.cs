using System.Collections.Frozen;
using System.Text.Json;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Ecs;

/// <summary>The catalogue of fixed ECS fields: which record path each renames, or how each is derived.</summary>
internal static class EcsFieldTable
{
    // Fields the pipeline moves from one record path to one ECS name, value unchanged.
    private static readonly (string Ecs, string Path)[] Renames =
    [
        ("event.action", "eventName"),
        ("event.provider", "eventSource"),
        ("event.id", "eventID"),
        ("cloud.region", "awsRegion"),
        ("source.address", "sourceIPAddress"),
        ("user_agent.original", "userAgent"),
        ("user.target.name", "requestParameters.userName"),
        ("user.target.id", "responseElements.user.userId"),
        ("group.name", "requestParameters.groupName"),
        ("group.id", "responseElements.group.groupId"),
        ("tls.cipher", "tlsDetails.cipherSuite"),
        ("tls.client.server_name", "tlsDetails.clientProvidedHostHeader"),
        ("aws.cloudtrail.event_version", "eventVersion"),
        ("aws.cloudtrail.event_category", "eventCategory"),
        ("aws.cloudtrail.event_type", "eventType"),
        ("aws.cloudtrail.api_version", "apiVersion"),
        ("aws.cloudtrail.management_event", "managementEvent"),
        ("aws.cloudtrail.read_only", "readOnly"),
        ("aws.cloudtrail.request_id", "requestID"),
        ("aws.cloudtrail.recipient_account_id", "recipientAccountId"),
        ("aws.cloudtrail.vpc_endpoint_id", "vpcEndpointId"),
        ("aws.cloudtrail.session_credential_from_console", "sessionCredentialFromConsole"),
        ("aws.cloudtrail.error_code", "errorCode"),
        ("aws.cloudtrail.error_message", "errorMessage"),
        ("aws.cloudtrail.user_identity.type", "userIdentity.type"),
        ("aws.cloudtrail.user_identity.arn", "userIdentity.arn"),
        ("aws.cloudtrail.user_identity.access_key_id", "userIdentity.accessKeyId"),
        ("aws.cloudtrail.user_identity.invoked_by", "userIdentity.invokedBy"),
        ("aws.cloudtrail.user_identity.session_context.mfa_authenticated", "userIdentity.sessionContext.attributes.mfaAuthenticated"),
        ("aws.cloudtrail.user_identity.session_context.session_issuer.type", "userIdentity.sessionContext.sessionIssuer.type"),
        ("aws.cloudtrail.user_identity.session_context.session_issuer.principal_id", "userIdentity.sessionContext.sessionIssuer.principalId"),
        ("aws.cloudtrail.user_identity.session_context.session_issuer.arn", "userIdentity.sessionContext.sessionIssuer.arn"),
        ("aws.cloudtrail.user_identity.session_context.session_issuer.account_id", "userIdentity.sessionContext.sessionIssuer.accountId"),

        // The pipeline renames ARN to arn and accountId to account_id in each resource and drops exact repeats,
        // which no match can tell apart.
        ("aws.cloudtrail.resources.arn", "resources.ARN"),
        ("aws.cloudtrail.resources.account_id", "resources.accountId"),
        ("aws.cloudtrail.resources.type", "resources.type"),
    ];

    public static FrozenDictionary<string, FieldReader> Build()
    {
        var fields = new Dictionary<string, FieldReader>(StringComparer.Ordinal);
        foreach (var (ecs, path) in Renames)
        {
            fields.Add(ecs, FieldPath.Parse(path));
        }

        void Derived(string name, Func<EventRecord, JsonElement[]> compute) => fields.Add(name, new DerivedField(name, compute));

        // Constants: the package's constant_keyword fields and the values every CloudTrail document carries.
        Derived("event.kind", EcsDerivations.Constant("event"));
        Derived("event.module", EcsDerivations.Constant("aws"));
        Derived("event.dataset", EcsDerivations.Constant("aws.cloudtrail"));
        Derived("data_stream.dataset", EcsDerivations.Constant("aws.cloudtrail"));
        Derived("data_stream.type", EcsDerivations.Constant("logs"));
        Derived("ecs.version", EcsDerivations.Constant("8.11.0"));

        // Not set by the pipeline (Elastic Agent adds cloud.provider only from its own host's metadata); every record
        // here is from AWS, and queries filter on it.
        Derived("cloud.provider", EcsDerivations.Constant("aws"));

        Derived("@timestamp", EcsDerivations.Date("eventTime"));
        Derived("aws.cloudtrail.user_identity.session_context.creation_date", EcsDerivations.Date("userIdentity", "sessionContext", "attributes", "creationDate"));
        Derived("event.outcome", EcsDerivations.Outcome);
        Derived("event.category", EcsCategorization.Category);
        Derived("event.type", EcsCategorization.Type);
        Derived("cloud.account.id", EcsDerivations.AccountId);
        Derived("source.ip", EcsDerivations.SourceIp);
        Derived("user.name", EcsDerivations.UserName);
        Derived("user.id", EcsDerivations.UserId);
        Derived("user.email", EcsDerivations.UserEmail);
        Derived("user.changes.name", EcsDerivations.UserChangesName);
        Derived("related.user", EcsDerivations.RelatedUser);

        // Text renderings; the two with ignore_above in the mapping are absent past it, as Elastic cannot match them.
        Derived("aws.cloudtrail.request_parameters", EcsDerivations.Rendered("requestParameters", keywordLimit: true));
        Derived("aws.cloudtrail.response_elements", EcsDerivations.Rendered("responseElements", keywordLimit: true));
        Derived("aws.cloudtrail.additional_eventdata", EcsDerivations.Rendered("additionalEventData", keywordLimit: false));
        Derived("aws.cloudtrail.service_event_details", EcsDerivations.Rendered("serviceEventDetails", keywordLimit: false));

        Derived("aws.cloudtrail.console_login.additional_eventdata.mobile_version", EcsDerivations.ConsoleLogin("MobileVersion", asBoolean: true));
        Derived("aws.cloudtrail.console_login.additional_eventdata.login_to", EcsDerivations.ConsoleLogin("LoginTo", asBoolean: false));
        Derived("aws.cloudtrail.console_login.additional_eventdata.mfa_used", EcsDerivations.ConsoleLogin("MFAUsed", asBoolean: true));
        Derived("tls.version_protocol", EcsDerivations.Tls(protocol: true));
        Derived("tls.version", EcsDerivations.Tls(protocol: false));

        return fields.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
