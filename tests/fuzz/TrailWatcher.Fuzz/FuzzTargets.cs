using TrailWatcher.Fuzz.Targets;

namespace TrailWatcher.Fuzz;

/// <summary>Every fuzz target, by name.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new ReaderTarget(),
        new NotificationTarget(),
        new NativeRuleTarget(),
        new SigmaRuleTarget(),
        new EqlTarget(),
        new TuningTarget(),
        new SigmaFileTarget(),
        new DigestTarget(),
    ];

    public static IFuzzTarget? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
