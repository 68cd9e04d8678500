namespace TrailWatcher.Benchmarks.Running;

/// <summary>Which rules a measured <c>scan</c> loads and on how many cores it runs.</summary>
internal sealed record ScanVariant(string Stage, ScanRules Rules, int Cores)
{
    /// <summary>The environment that turns on the rule packs that are off by default.</summary>
    public IReadOnlyDictionary<string, string> Environment => Rules == ScanRules.Everything
        ? new Dictionary<string, string>
        {
            ["TrailWatcher__Rules__Sigma__Enabled"] = "true",
            ["TrailWatcher__Rules__Elastic__Enabled"] = "true",
        }
        : new Dictionary<string, string>();
}

/// <summary>The rule sets the benchmark compares.</summary>
internal enum ScanRules
{
    /// <summary>Only <c>AWS.S3.DisableBucketLogging</c>, from a copy of the build with every other rule file left out.</summary>
    Seed,

    /// <summary>The built-in pack as it ships: native rules and correlations.</summary>
    Pack,

    /// <summary>The pack plus the built-in Sigma and Elastic EQL rules, which ship turned off.</summary>
    Everything,
}
