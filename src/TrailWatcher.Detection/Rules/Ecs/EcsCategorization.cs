using System.Collections.Frozen;
using System.Text.Json;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Ecs;

/// <summary><c>event.category</c> and <c>event.type</c> as Elastic's CloudTrail pipeline sets them, from a table keyed by eventName.</summary>
/// <remarks>
/// Every record gets type [info]; an eventName in the table replaces it with the table's category and type. An empty
/// type in the table ends with no event.type at all, since the pipeline's last pruning removes empty lists. The
/// pipeline keys the table by eventName alone, whatever the eventSource.
/// </remarks>
internal static class EcsCategorization
{
    // eventName, category, types (comma-separated; "-" for none). Transcribed from the pipeline's categorization table.
    private static readonly string[] Table =
    [
        "AddUserToGroup iam group,change", "AssumeRole authentication info", "AttachGroupPolicy iam group,change",
        "AttachUserPolicy iam user,change", "ChangePassword iam user,change", "ConsoleLogin authentication info",
        "CreateAccessKey iam user,change", "CreateBucket file creation", "CreateGroup iam group,creation",
        "CreateKeyPair iam admin,creation", "CreateUser iam user,creation", "CreateVirtualMFADevice iam user,change",
        "DeactivateMFADevice iam user,change", "DeleteAccessKey iam user,change", "DeleteBucket file deletion",
        "DeleteGroup iam group,deletion", "DeleteGroupPolicy iam group,change", "DeleteSSHPublicKey iam user,change",
        "DeleteUser iam user,deletion", "DeleteUserPermissionsBoundary iam user,change", "DeleteUserPolicy iam user,change",
        "DeleteVirtualMFADevice iam user,change", "DetachGroupPolicy iam group,change", "DetachUserPolicy iam user,change",
        "EnableMFADevice iam user,change", "GetGroup iam group,info", "GetGroupPolicy iam group,info",
        "GetUser iam user,info", "GetUserPolicy iam user,info", "ListAttachedGroupPolicies iam group,info",
        "ListAttachedUserPolicies iam user,info", "ListGroupPolicies iam group,info", "ListGroups iam group,info",
        "ListGroupsForUser iam user,info", "ListUserPolicies iam user,info", "ListUsers iam user,info",
        "ListUserTags iam user,info", "PutGroupPolicy iam group,change", "PutUserPermissionsBoundary iam user,change",
        "PutUserPolicy iam user,change", "RemoveUserFromGroup iam group,change", "SetDefaultPolicyVersion iam admin,change",
        "SetSecurityTokenServicePreferences iam admin,change", "TagUser iam user,change", "UntagUser iam user,change",
        "UpdateAccessKey iam user,change", "UpdateAccountPasswordPolicy iam admin,change", "UpdateGroup iam group,change",
        "UpdateLoginProfile iam user,change", "UpdateRole iam admin,change", "UpdateSSHPublicKey iam user,change",
        "UpdateUser iam user,change", "GetCallerIdentity authentication info", "DescribeInstances host info",
        "DescribeSecurityGroups network info", "ListBuckets file info", "DescribeNetworkInterfaces network info",
        "DescribeRegions api info", "ListRoles iam info", "DescribeVpcs network info", "DescribeNetworkAcls network info",
        "DescribeLoadBalancers network info", "DescribeVolumes host info", "DescribeTrails configuration info",
        "ListFunctions package info", "ListTables database info", "ListInstanceAssociations host info",
        "DescribeDBInstances database info", "AuthorizeSecurityGroupIngress network access",
        "CreateTopic configuration creation", "Subscribe configuration change", "Publish api -", "SendCommand process -",
        "GetPolicy iam info", "CreatePolicy iam creation", "ListAttachedRolePolicies iam info", "AttachRolePolicy iam change",
        "Converse api -", "CreateDocument file creation", "StartSession session start", "CreateControlChannel session start",
        "OpenControlChannel session start", "CreateDataChannel session start", "OpenDataChannel session start",
        "TerminateSession session end", "ListObjects file info", "HeadObject file info", "GetObject file info",
        "PutObject file change", "DeleteTrail configuration deletion", "DeleteObject file delete",
    ];

    private static readonly JsonElement[] Info = [DerivedField.TextValue("info")];

    private static readonly FrozenDictionary<string, (JsonElement[] Category, JsonElement[] Type)> ByEventName = Build();

    /// <summary>The record's event.category values; empty when its eventName is not in the table.</summary>
    public static JsonElement[] Category(EventRecord record) =>
        EventName(record) is { } name && ByEventName.TryGetValue(name, out var entry) ? entry.Category : [];

    /// <summary>The record's event.type values: the table's when its eventName is there, else [info].</summary>
    public static JsonElement[] Type(EventRecord record) =>
        EventName(record) is { } name && ByEventName.TryGetValue(name, out var entry) ? entry.Type : Info;

    private static string? EventName(EventRecord record) => EcsRecord.KeptText(record.Root, "eventName");

    private static FrozenDictionary<string, (JsonElement[], JsonElement[])> Build()
    {
        var entries = new Dictionary<string, (JsonElement[], JsonElement[])>(StringComparer.Ordinal);
        foreach (var row in Table)
        {
            var parts = row.Split(' ');
            var types = parts[2] == "-" ? [] : parts[2].Split(',').Select(DerivedField.TextValue).ToArray();
            entries.Add(parts[0], ([DerivedField.TextValue(parts[1])], types));
        }

        return entries.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
