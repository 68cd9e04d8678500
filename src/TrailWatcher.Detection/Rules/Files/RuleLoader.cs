using TrailWatcher.Detection.Rules.Loading.Sigma;
using YamlDotNet.Core;
using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Detection.Rules.Files;

/// <summary>Loads rules (native YAML, EQL in native YAML, and Sigma) from files and directories, reporting every problem of every file at once.</summary>
public sealed class RuleLoader
{
    private RuleLoader()
    {
    }

    /// <summary>Every *.yml and *.yaml file under the directories (recursively), in ordinal path order per directory; <c>*.tests.yml</c> files are a rule's sidecar tests, not rules.</summary>
    /// <exception cref="RuleLoadException">Any file has a problem, a directory is missing, or two rules share an id.</exception>
    public static RuleSet LoadDirectories(IEnumerable<string> directories) => LoadDirectories(directories, [], RuleTests.Load);

    /// <summary>As <see cref="LoadDirectories(IEnumerable{string})"/>, leaving out files under the <paramref name="excluded"/> directories (unless the directory given is one of them or inside one).</summary>
    /// <param name="directories">The rule directories.</param>
    /// <param name="excluded">Directories under them whose files are left out.</param>
    /// <param name="tests">Whether the rules' test cases are read: only <c>rules test</c> and <c>rules list</c> need them.</param>
    /// <exception cref="RuleLoadException">Any file has a problem, a directory is missing, or two rules share an id.</exception>
    public static RuleSet LoadDirectories(IEnumerable<string> directories, IReadOnlyCollection<string> excluded, RuleTests tests)
    {
        var errors = new List<RuleLoadError>();
        return Checked(LoadDirectories(directories, excluded, tests, divert: null, errors), errors);
    }

    /// <summary>
    /// As the public overload, without throwing: each problem is added to <paramref name="errors"/>, and the rules of the
    /// files that loaded are returned, so a caller resolving references to them does not call those rules unknown. A
    /// file for which <paramref name="divert"/> (name, text) returns true is left to the caller.
    /// </summary>
    internal static RuleSet LoadDirectories(
        IEnumerable<string> directories, IReadOnlyCollection<string> excluded, RuleTests tests, Func<string, string, bool>? divert, List<RuleLoadError> errors)
    {
        ArgumentNullException.ThrowIfNull(directories);
        ArgumentNullException.ThrowIfNull(excluded);
        var left = excluded.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d)) + Path.DirectorySeparatorChar).ToList();
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            if (!Directory.Exists(directory))
            {
                errors.Add(new RuleLoadError(directory, 0, 0, "rule directory does not exist"));
                continue;
            }

            // An exclusion leaves out what a walk from a parent finds, not a directory named itself (or one inside it):
            // `--rules <pack>/rules/elastic` loads that off-by-default pack even from the binary's own directory.
            var named = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar;
            var applicable = left.Where(l => !named.StartsWith(l, StringComparison.Ordinal)).ToList();
            var found = Directory
                .EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
                .Where(f => !IsSidecar(f) && !applicable.Any(l => Path.GetFullPath(f).StartsWith(l, StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal);
            files.AddRange(found.Where(f => seen.Add(Path.GetFullPath(f))));
        }

        return LoadCollecting(files.Select(f => (f, (string?)null)), errors, tests, divert);
    }

    /// <exception cref="RuleLoadException">The file is missing or has a problem.</exception>
    public static RuleSet LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Load([(path, null)], RuleTests.Load);
    }

    /// <summary>Rules from YAML held in memory, named for messages; for tests and tools.</summary>
    internal static RuleSet LoadTexts(IEnumerable<(string Name, string Yaml)> texts, RuleTests tests = RuleTests.Load) =>
        Load(texts.Select(t => (t.Name, (string?)t.Yaml)), tests);

    private static RuleSet Load(IEnumerable<(string Name, string? Yaml)> sources, RuleTests tests)
    {
        var errors = new List<RuleLoadError>();
        return Checked(LoadCollecting(sources, errors, tests, divert: null), errors);
    }

    // The public loads stop on any problem, naming them all; the collecting load hands the rules that did load to its caller.
    private static RuleSet Checked(RuleSet rules, List<RuleLoadError> errors) => errors.Count > 0 ? throw new RuleLoadException(errors) : rules;

    // Every file's rules and every file's problems; the caller decides whether a problem stops the load.
    private static RuleSet LoadCollecting(IEnumerable<(string Name, string? Yaml)> sources, List<RuleLoadError> errors, RuleTests tests, Func<string, string, bool>? divert)
    {
        var rules = new List<Rule>();
        var skipped = new List<string>();
        var ids = new Dictionary<string, (string File, Mark Mark)>(StringComparer.Ordinal);
        foreach (var (name, text) in sources)
        {
            string yaml;
            try
            {
                yaml = text ?? (tests == RuleTests.Skip ? RuleText.ReadWithoutTests(name) : RuleText.Read(name));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new RuleLoadError(name, 0, 0, $"cannot read rule file: {ex.Message}"));
                continue;
            }

            if (divert?.Invoke(name, yaml) == true)
            {
                continue;
            }

            var parsedText = tests == RuleTests.Skip && text is not null ? TestsSection.Blank(yaml) : yaml;
            var context = new LoadContext(name, errors) { Source = parsedText };
            if (YamlFile.Load(parsedText, context) is not { } document)
            {
                continue;
            }

            Rule rule;
            Mark idMark;
            if (SigmaRecognizer.IsSigma(document))
            {
                if (new SigmaRuleParser(context).Parse(document, readSidecar: text is null && tests == RuleTests.Load) is not { } sigma)
                {
                    continue;
                }

                if (sigma.SkipReason is { } reason)
                {
                    skipped.Add($"{name}: {reason}");
                    continue;
                }

                (rule, idMark) = (sigma.Rule!, sigma.IdMark);
            }
            else if (new RuleFileParser(context).Parse(document) is { } parsed)
            {
                (rule, idMark) = parsed;
            }
            else
            {
                continue;
            }

            if (ids.TryGetValue(rule.Id, out var first))
            {
                context.Error(idMark, $"duplicate rule id '{rule.Id}' (also defined in {first.File}:{first.Mark.Line}:{first.Mark.Column})");
                continue;
            }

            ids[rule.Id] = (name, idMark);
            rules.Add(rule);
        }

        return new RuleSet(rules, skipped);
    }

    private static bool IsSidecar(string file) =>
        file.EndsWith(".tests.yml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".tests.yaml", StringComparison.OrdinalIgnoreCase);
}
