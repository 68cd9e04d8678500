using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules;

/// <summary>A named value an alert carries from its event, e.g. <c>bucket: requestParameters.bucketName</c>.</summary>
public sealed record ContextField(string Name, FieldPath Path);
