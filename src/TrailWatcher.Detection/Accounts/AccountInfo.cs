namespace TrailWatcher.Detection.Accounts;

/// <summary>What an organisation calls one AWS account: its name, environment and owner, each optional.</summary>
/// <param name="Id">The 12-digit AWS account id.</param>
/// <param name="Name">The account's name (payments-prod).</param>
/// <param name="Environment">The environment it serves (prod, staging).</param>
/// <param name="Owner">Who answers for it (a team or a person).</param>
public sealed record AccountInfo(string Id, string? Name, string? Environment, string? Owner);
