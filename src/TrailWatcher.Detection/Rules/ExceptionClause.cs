using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules;

/// <summary>A tuning exception: matches of a rule that also satisfy its condition are silenced (and counted), with who asked, why, and until when.</summary>
public sealed class ExceptionClause
{
    private readonly DateOnly? _expires;

    /// <summary>Unique among the exceptions of a rule; the <c>exception</c> label of the suppression metric.</summary>
    public required string Name { get; init; }

    public required string Reason { get; init; }

    /// <summary>Who asked for the exception and answers for it: a team or a mail address.</summary>
    public required string Owner { get; init; }

    /// <summary>The last day (UTC) the exception applies; null when it does not expire.</summary>
    public DateOnly? Expires
    {
        get => _expires;
        init
        {
            _expires = value;
            EndsAt = value is { } day ? new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        }
    }

    /// <summary>The instant the exception stops applying: midnight UTC after <see cref="Expires"/>.</summary>
    public DateTimeOffset? EndsAt { get; private init; }

    public required Condition Condition { get; init; }

    /// <summary>The tuning file the exception is written in, for messages and listings.</summary>
    public string File { get; init; } = "";

    /// <summary>The 1-based line of the exception in <see cref="File"/>.</summary>
    public int Line { get; init; }

    /// <summary>The 1-based column of the exception in <see cref="File"/>.</summary>
    public int Column { get; init; }

    /// <summary>The rules the tuning entry names, as written (ids or globs), for messages.</summary>
    public string AppliesTo { get; init; } = "";

    /// <summary>True until the exception's expiry; compared with the evaluator's clock, so it stops applying while a service runs.</summary>
    public bool AppliesAt(DateTimeOffset now) => EndsAt is not { } end || now < end;

    public override string ToString() => $"{Name} ({File}:{Line})";
}
