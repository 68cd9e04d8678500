using System.Globalization;
using System.Text;
using TrailWatcher.Detection.Integrity;
using TrailWatcher.Integrity;

namespace TrailWatcher.Cli;

/// <summary>Counts of one verification by account and region, and the table and total line <c>verify</c> ends with.</summary>
internal sealed class VerifySummary(bool signaturesChecked)
{
    private readonly SortedDictionary<(string Account, string Region), Row> _rows = [];
    private int _digests;
    private int _backfills;
    private int _logFiles;
    private int _problems;

    public int Problems => _problems;

    public void Digest(DigestObjectKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        RowOf(key.AccountId, key.Region).Digests++;
        _digests++;
        _backfills += key.Backfill ? 1 : 0;
    }

    public void LogFile(string key)
    {
        var parts = TrailKeyParts.TryParse(key);
        RowOf(parts?.AccountId ?? "?", parts?.Region ?? "?").LogFiles++;
        _logFiles++;
    }

    public void Finding(IntegrityFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var parts = TrailKeyParts.TryParse(finding.Subject);
        var row = RowOf(parts?.AccountId ?? "?", parts?.Region ?? "?");
        row.Problems++;
        row.BadSignatures += finding.Kind is IntegrityFindingKind.SignatureInvalid or IntegrityFindingKind.UnknownPublicKey ? 1 : 0;
        _problems++;
    }

    public string Render(string location)
    {
        string[] header = ["ACCOUNT", "REGION", "DIGESTS", "LOG FILES", "SIGNATURES", "PROBLEMS"];
        var lines = _rows.Select(r => new[]
        {
            r.Key.Account, r.Key.Region, Number(r.Value.Digests), Number(r.Value.LogFiles),
            !signaturesChecked ? "not checked" : r.Value.BadSignatures == 0 ? "verified" : Number(r.Value.BadSignatures) + " failed",
            Number(r.Value.Problems),
        }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => lines.Max(l => l[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            // Names left, numbers right, as a reader scans them.
            text.AppendJoin("  ", line.Select((cell, c) => c < 2 || c == 4 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).Append('\n');
        }

        var signatures = signaturesChecked ? "signatures checked" : "signatures not checked (a local copy keeps no S3 metadata)";
        text.Append(CultureInfo.InvariantCulture, $"{location}: {_digests} digests ({_backfills} backfill), {_logFiles} log files checked, {signatures}, {_problems} problems");
        return text.ToString();
    }

    private Row RowOf(string account, string region) =>
        _rows.TryGetValue((account, region), out var row) ? row : _rows[(account, region)] = new Row();

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Row
    {
        public int Digests { get; set; }

        public int LogFiles { get; set; }

        public int Problems { get; set; }

        public int BadSignatures { get; set; }
    }
}
