using System.Globalization;
using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Rules;

namespace TrailWatcher.Cli;

/// <summary>Writes <c>rules list</c>: an aligned table for people, or a JSON array (one object per rule and per correlation, snake_case keys) for tools.</summary>
internal static class RuleListWriter
{
    private const int MaxServicesShown = 3;

    private static readonly string[] Headers = ["ID", "SEVERITY", "KIND", "FORMAT", "ENABLED", "TESTS", "SERVICE", "TACTICS", "TECHNIQUES", "TUNING", "TITLE"];

    /// <summary>
    /// One row per rule, then one per correlation (kind <c>correlation</c>) followed by an indented line naming the rules
    /// it reads, then the counts.
    /// </summary>
    public static void Table(IReadOnlyList<RuleSummary> rows, IReadOnlyList<CorrelationSummary> correlations, TextWriter output)
    {
        var cells = rows.Select(r => new[]
        {
            r.Rule.Id, r.Severity, r.Kind, r.Rule.Format, r.Rule.Enabled ? "yes" : "no", r.Rule.Tests.Count.ToString(CultureInfo.InvariantCulture), Dash(Shortened(r.Service)),
            Dash(string.Join(",", r.Rule.Mitre.Tactics)), Dash(string.Join(",", r.Rule.Mitre.Techniques)), r.TuningSummary, r.Rule.Title,
        }).Concat(correlations.Select(c => new[]
        {
            c.Correlation.Id, c.Severity, c.Tuned.Signal ? $"{CorrelationSummary.Kind} (signal)" : CorrelationSummary.Kind, c.Correlation.Format, c.Tuned.Enabled ? "yes" : "no", "-",
            Dash(Shortened(c.Service)), Dash(string.Join(",", c.Correlation.Mitre.Tactics)), Dash(string.Join(",", c.Correlation.Mitre.Techniques)), c.TuningSummary, c.Correlation.Title,
        })).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        output.WriteLine(Line(Headers, widths));
        for (var i = 0; i < cells.Count; i++)
        {
            output.WriteLine(Line(cells[i], widths));
            if (i >= rows.Count)
            {
                // Under the row rather than in a column: a correlation may read many rules, and every row would be as wide.
                output.WriteLine($"    rules: {string.Join(", ", correlations[i - rows.Count].References)}");
            }
        }

        var tuned = rows.Count(r => r.Rule.Tuning.Count > 0);
        var counts = string.Create(CultureInfo.InvariantCulture, $"{rows.Count} rules ({rows.Count(r => r.Rule.Enabled)} enabled{(tuned > 0 ? $", {tuned} tuned" : "")})");
        if (correlations.Count > 0)
        {
            var tunedCorrelations = correlations.Count(c => c.Tuned.Tuning.Count > 0);
            counts += string.Create(CultureInfo.InvariantCulture, $", {correlations.Count} correlations ({correlations.Count(c => c.Tuned.Enabled)} enabled{(tunedCorrelations > 0 ? $", {tunedCorrelations} tuned" : "")})");
        }

        output.WriteLine(counts);
    }

    /// <summary>
    /// One object per rule, then one per correlation (kind <c>correlation</c>), all with the same keys: those that do not
    /// apply are null (a rule's <c>correlation_type</c>, a correlation's <c>threshold</c>).
    /// </summary>
    public static void Json(IReadOnlyList<RuleSummary> rows, IReadOnlyList<CorrelationSummary> correlations, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        foreach (var row in rows)
        {
            var rule = row.Rule;
            json.WriteStartObject();
            Head(json, rule.Id, rule.Title, row.Severity, row.Kind, rule.Format, rule.Author, rule.Status, rule.FalsePositives, rule.Enabled, rule.Mitre, row.Service);
            json.WriteNumber("test_count", rule.Tests.Count);
            json.WriteNumber("threshold", rule.Threshold);
            if (rule.Dedup is { } dedup)
            {
                json.WriteString("dedup_key", dedup.KeyTemplate);
                json.WriteNumber("dedup_period_seconds", dedup.Period.TotalSeconds);
            }
            else
            {
                json.WriteNull("dedup_key");
                json.WriteNull("dedup_period_seconds");
            }

            json.WriteString("source_file", rule.SourceFile);
            Tuning(json, rule.Tuning, rule.Exceptions);
            json.WriteBoolean("signal", rule.Signal);
            foreach (var name in new[] { "correlation_type", "rules", "until", "group_by", "timespan_seconds", "generate" })
            {
                json.WriteNull(name);
            }

            json.WriteEndObject();
        }

        foreach (var row in correlations)
        {
            var correlation = row.Correlation;
            json.WriteStartObject();
            Head(json, correlation.Id, correlation.Title, row.Severity, CorrelationSummary.Kind, correlation.Format, correlation.Author, correlation.Status, correlation.FalsePositives, row.Tuned.Enabled, correlation.Mitre, row.Service);
            json.WriteNumber("test_count", 0);
            json.WriteNull("threshold");
            json.WriteNull("dedup_key");
            json.WriteNull("dedup_period_seconds");
            json.WriteString("source_file", correlation.SourceFile);
            Tuning(json, row.Tuned.Tuning, row.Tuned.Exceptions);
            json.WriteBoolean("signal", row.Tuned.Signal);
            json.WriteString("correlation_type", CorrelationTypeNames.Name(correlation.Type));
            Strings(json, "rules", correlation.Rules.Select(r => r.Text));
            json.WriteString("until", correlation.Until?.Text);
            Strings(json, "group_by", correlation.GroupBy);
            json.WriteNumber("timespan_seconds", correlation.Timespan.TotalSeconds);
            json.WriteBoolean("generate", correlation.Generate);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.Flush();
        output.Write("\n"u8);
    }

    private static void Head(
        Utf8JsonWriter json, string id, string title, string severity, string kind, string format, string? author, string? status,
        IReadOnlyList<string> falsePositives, bool enabled, MitreAttack mitre, string service)
    {
        json.WriteString("id", id);
        json.WriteString("title", title);
        json.WriteString("severity", severity);
        json.WriteString("kind", kind);
        json.WriteString("format", format);
        json.WriteString("author", author);
        json.WriteString("status", status);
        Strings(json, "false_positives", falsePositives);
        json.WriteBoolean("enabled", enabled);
        Strings(json, "mitre_tactics", mitre.Tactics);
        Strings(json, "mitre_techniques", mitre.Techniques);
        json.WriteString("service", service);
    }

    private static void Tuning(Utf8JsonWriter json, IReadOnlyList<TuningChange> tuning, IReadOnlyList<ExceptionClause> exceptions)
    {
        json.WriteBoolean("tuned", tuning.Count > 0);
        json.WriteStartArray("tuning");
        foreach (var change in tuning)
        {
            json.WriteStartObject();
            json.WriteString("setting", change.Setting);
            json.WriteString("value", change.Value);
            json.WriteString("file", change.File);
            json.WriteNumber("line", change.Line);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("exceptions");
        foreach (var exception in exceptions)
        {
            json.WriteStartObject();
            json.WriteString("name", exception.Name);
            json.WriteString("reason", exception.Reason);
            json.WriteString("owner", exception.Owner);
            if (exception.Expires is { } expires)
            {
                json.WriteString("expires", expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            else
            {
                json.WriteNull("expires");
            }

            json.WriteString("file", exception.File);
            json.WriteNumber("line", exception.Line);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static string Dash(string text) => text.Length == 0 ? "-" : text;

    // A rule over many services (a public-resource rule names eleven) would widen every row; the JSON keeps them all.
    private static string Shortened(string services)
    {
        var names = services.Split(',');
        return names.Length <= MaxServicesShown ? services : $"{string.Join(",", names.Take(MaxServicesShown))},+{names.Length - MaxServicesShown}";
    }

    private static string Line(string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            // The last column (the title) is not padded: no trailing blanks.
            line.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i] + 2));
        }

        return line.ToString();
    }
}
