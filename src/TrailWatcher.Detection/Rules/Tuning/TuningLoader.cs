using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>Reads tuning files: per rule id or glob, enable or disable, severity, signal, dedup period, threshold, exceptions.</summary>
public static class TuningLoader
{
    /// <summary>Every file, in the order given (a file named twice is read once); problems are collected in <see cref="TuningSet.Errors"/>, not thrown, so they can be reported beside the rules' own.</summary>
    public static TuningSet LoadFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<RuleLoadError>();
        var sources = new List<(string Name, string? Yaml)>();
        foreach (var path in paths)
        {
            if (!seen.Add(Path.GetFullPath(path)))
            {
                continue;
            }

            try
            {
                sources.Add((path, File.ReadAllText(path)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "tuning file does not exist" : $"cannot read tuning file: {ex.Message}";
                errors.Add(new RuleLoadError(path, 0, 0, reason));
            }
        }

        return Parse(sources, errors);
    }

    /// <summary>Tuning from YAML held in memory, named for messages; for tests and tools.</summary>
    internal static TuningSet LoadTexts(IEnumerable<(string Name, string Yaml)> texts) =>
        Parse(texts.Select(t => (t.Name, (string?)t.Yaml)).ToList(), []);

    private static TuningSet Parse(List<(string Name, string? Yaml)> sources, List<RuleLoadError> errors)
    {
        var entries = new List<TuningEntry>();
        foreach (var (name, yaml) in sources)
        {
            entries.AddRange(new TuningFileParser(new LoadContext(name, errors)).Parse(yaml ?? ""));
        }

        return new TuningSet(entries, errors);
    }
}
