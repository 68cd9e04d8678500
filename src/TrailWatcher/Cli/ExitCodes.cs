namespace TrailWatcher.Cli;

/// <summary>Process exit codes, so scripts can tell a bad input from a bad invocation.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Some input could not be read, or some rule test failed; everything else was processed.</summary>
    public const int InputFailed = 1;

    /// <summary>Bad usage, configuration or rules: nothing was processed.</summary>
    public const int ConfigurationError = 2;
}
