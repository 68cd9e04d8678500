namespace TrailWatcher.Benchmarks.Latency;

/// <summary>The steady flow: what was sent at which rate, which alerts came back, and the notification-to-alert latencies in ms.</summary>
internal sealed record FlowResult
{
    public required int FilesSent { get; init; }

    public required double TargetRate { get; init; }

    /// <summary>Files divided by the time from the first send to the last: below the target when the sender fell behind.</summary>
    public required double AchievedRate { get; init; }

    /// <summary>Largest delay of a send behind its slot in the schedule, ms.</summary>
    public required double MaxSendLagMs { get; init; }

    public required int AlertsExpected { get; init; }

    public required int AlertsReceived { get; init; }

    public required int AlertsMissing { get; init; }

    public required int UnexpectedAlerts { get; init; }

    public required int DuplicateAlerts { get; init; }

    public required int OtherRuleAlerts { get; init; }

    /// <summary>Files holding at least one planted match: one latency sample each.</summary>
    public required int FilesWithMatches { get; init; }

    /// <summary>Per file: its last planted alert's arrival minus its notification's send, ms.</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>The worker's own mean time per object (read, evaluate, deliver) over the flow, from its duration histogram; ms.</summary>
    public required double WorkerObjectMeanMs { get; init; }

    /// <summary>From the last send until every alert and every object of the flow was in, seconds.</summary>
    public required double DrainSeconds { get; init; }
}
