namespace TrailWatcher.Detection.Rules.Files;

/// <summary>Whether loading reads the rules' test cases (their own <c>tests:</c> and Sigma sidecars) or leaves them out.</summary>
public enum RuleTests
{
    /// <summary>Read and check the test cases, for <c>rules test</c> and <c>rules list</c>.</summary>
    Load,

    /// <summary>Leave them unread, for commands that only evaluate: the rules load several times faster.</summary>
    Skip,
}
