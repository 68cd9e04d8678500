namespace TrailWatcher.Benchmarks.Running;

/// <summary>What the spawned <c>TrailWatcher scan</c> printed, checked against the planted events.</summary>
internal sealed record ScanOutcome
{
    /// <summary>The stage this scan was measured in.</summary>
    public required string Stage { get; init; }

    public required string Command { get; init; }

    public required int ExitCode { get; init; }

    /// <summary>Stdout lines that parse as JSON and carry an event_id.</summary>
    public required int AlertLines { get; init; }

    /// <summary>Alert lines naming the rule the planted events target.</summary>
    public required int RuleAlertLines { get; init; }

    public required int Expected { get; init; }

    /// <summary>Planted true matches that raised no alert.</summary>
    public required IReadOnlyList<string> Missing { get; init; }

    /// <summary>Rule alerts for events that were not planted as true matches (decoys included).</summary>
    public required IReadOnlyList<string> Unexpected { get; init; }

    /// <summary>Rule alerts whose event is a planted decoy: a false positive the rule must avoid.</summary>
    public required IReadOnlyList<string> DecoysAlerted { get; init; }

    public required int DuplicateAlerts { get; init; }

    public bool ExactlyPlantedAlerted => ExitCode == 0 && Missing.Count == 0 && Unexpected.Count == 0 && DuplicateAlerts == 0;

    /// <summary>The share of records the scan parsed, from its summary line; null when the line was not found.</summary>
    public double? ParsedPercent { get; init; }

    /// <summary>The scan's stderr (its summary), trimmed to the last lines.</summary>
    public required string StderrTail { get; init; }
}
