using System.Globalization;
using System.Text;
using System.Text.Json;
using TrailWatcher.Rules;

namespace TrailWatcher.Cli;

/// <summary>Writes <c>rules list</c>: an aligned table for people, or a JSON array (one object per rule, snake_case keys) for tools.</summary>
internal static class RuleListWriter
{
    private const int MaxServicesShown = 3;

    private static readonly string[] Headers = ["ID", "SEVERITY", "KIND", "FORMAT", "ENABLED", "TESTS", "SERVICE", "TACTICS", "TECHNIQUES", "TUNING", "TITLE"];

    public static void Table(IReadOnlyList<RuleSummary> rows, TextWriter output)
    {
        var cells = rows.Select(r => new[]
        {
            r.Rule.Id, r.Severity, r.Kind, r.Rule.Format, r.Rule.Enabled ? "yes" : "no", r.Rule.Tests.Count.ToString(CultureInfo.InvariantCulture), Dash(Shortened(r.Service)),
            Dash(string.Join(",", r.Rule.Mitre.Tactics)), Dash(string.Join(",", r.Rule.Mitre.Techniques)), r.TuningSummary, r.Rule.Title,
        }).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        output.WriteLine(Line(Headers, widths));
        foreach (var row in cells)
        {
            output.WriteLine(Line(row, widths));
        }

        var tuned = rows.Count(r => r.Rule.Tuning.Count > 0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} rules ({rows.Count(r => r.Rule.Enabled)} enabled{(tuned > 0 ? $", {tuned} tuned" : "")})"));
    }

    public static void Json(IReadOnlyList<RuleSummary> rows, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        foreach (var row in rows)
        {
            var rule = row.Rule;
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("title", rule.Title);
            json.WriteString("severity", row.Severity);
            json.WriteString("kind", row.Kind);
            json.WriteString("format", rule.Format);
            json.WriteString("author", rule.Author);
            json.WriteString("status", rule.Status);
            Strings(json, "false_positives", rule.FalsePositives);
            json.WriteBoolean("enabled", rule.Enabled);
            Strings(json, "mitre_tactics", rule.Mitre.Tactics);
            Strings(json, "mitre_techniques", rule.Mitre.Techniques);
            json.WriteString("service", row.Service);
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
            json.WriteBoolean("tuned", rule.Tuning.Count > 0);
            json.WriteStartArray("tuning");
            foreach (var change in rule.Tuning)
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
            foreach (var exception in rule.Exceptions)
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
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.Flush();
        output.Write("\n"u8);
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
