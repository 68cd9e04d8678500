using System.Globalization;
using TrailWatcher.Detection.Rules.Loading;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TrailWatcher.Detection.Tests.Rules;

/// <summary>The fast reader of the rule files' YAML must give YamlDotNet's events, positions included, or give way to it.</summary>
public sealed class YamlSubsetReaderTests
{
    [Theory]
    [InlineData("id: A.B\ntitle: plain text, with [brackets] and a # not a comment\n")]
    [InlineData("# lead\n\nid: A  # trailing comment\n\n# between\nx: 'it''s'\ny: \"q\\\"r\\\\s\\/t\\n\\u00e9\\x41\"\n")]
    [InlineData("tags: [AWS, \"b c\", 'd', T1078.004]\nempty: []\nspaced: [ a ,b ]\n")]
    [InlineData("list:\n- x\n- y: 1\n  z: -2\n-\n  w: 3\nafter: 4\n")]
    [InlineData("nested:\n  k: v\n  s:\n    - a\n    - b: c\n      d:\n        e: f\nlast:\n")]
    [InlineData("a: |\n  one\n    two\n\n  three\nb: |-\n  x\n\n\nc: |+\n  y\n\n\nd: >\n  p\n  q\n\n  r\n\n\n  s\ne: >-\n  folded\n  text\n# after\nf: x\n")]
    [InlineData("block: | # header comment\n  # inside\n  text\n # less indented comment\ng: h\n")]
    [InlineData("k: https://example.com/a?b=c\nn: -1\nq: ?x\ncolon: a:b\n")]
    [InlineData("any:\n- {field: a, equals: 'x'}\n- {field: b,\n   contains: \":i-\"}\n- {}\ncidr: [10.0.0.0/8, fc00::/7, a:b]\n")]
    [InlineData("one_of: [A, B,\n         C,\n  'D'\n  ]\nnext:\n  list: [\n    x, y]\n")]
    public void TryRead_SameEventsAsYamlDotNet(string yaml) => Assert.True(AssertAgrees(yaml), "the subset reader gave way");

    [Theory]
    [InlineData("anchor: &a x\nalias: *a\n")]
    [InlineData("tagged: !str 5\n")]
    [InlineData("multi: a\n  b\n")]
    [InlineData("same: 1\nsame: 2\n")]
    [InlineData("tab:\tx\n")]
    [InlineData("---\nid: x\n")]
    [InlineData("quoted: \"open\n  close\"\n")]
    [InlineData("block: |2\n   x\n")]
    [InlineData("crlf: x\r\n")]
    [InlineData("\"quoted key\": x\n")]
    [InlineData("- a\n- b\nc: d\n")]
    [InlineData("flow: [a,\nb]\n")]
    [InlineData("flow: {a: 1, a: 2}\n")]
    [InlineData("flow: {a: {b: c}}\n")]
    [InlineData("flow: [a: b]\n")]
    [InlineData("flow: [a\n  b]\n")]
    [InlineData("flow: [a, # comment\n  b]\n")]
    [InlineData("dash: - \n")]
    [InlineData("seq:\n  - - nested\n")]
    [InlineData("top:\n  - a\n  b: c\n")]
    public void TryRead_OutsideTheSubset_GivesWay(string yaml)
    {
        Assert.Null(YamlSubsetReader.TryRead(yaml));
        AssertAgrees(yaml);
    }

    [Fact]
    public void TryRead_EveryYamlFileInTheRepository_SameEventsOrGivesWay()
    {
        var files = YamlFiles().ToList();
        Assert.True(files.Count > 200, $"only {files.Count} YAML files found");
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            AssertAgrees(text, file);
            AssertAgrees(TestsSection.Blank(text), file + " (tests blanked)");
        }
    }

    [Fact]
    public void TryRead_BuiltInPackAsScanLoadsIt_AllInTheSubset()
    {
        // The point of the reader: loading the pack for a scan never reaches YamlDotNet.
        var pack = new[] { "aws", "trailwatcher", "correlations" }
            .SelectMany(d => Directory.EnumerateFiles(RepositoryRoot.Combine("rules", d), "*.yml", SearchOption.AllDirectories))
            .ToList();
        Assert.True(pack.Count > 120);
        var outside = pack.Where(f => YamlSubsetReader.TryRead(TestsSection.Blank(File.ReadAllText(f))) is null).Select(Path.GetFileName).ToList();

        // This one names its list of images twice through a YAML anchor, which the subset leaves to YamlDotNet.
        Assert.Equal(["ec2_vulnerable_xz_image_launched.yml"], outside);
    }

    [Fact]
    public void TryRead_RandomEditsOfRuleFiles_SameEventsOrGivesWay()
    {
        // One-character edits at random places, biased towards YAML's own characters: wherever the subset reader
        // accepts the result, YamlDotNet must read the same; where YamlDotNet rejects it, the reader must give way.
        var random = new Random(20261203);
        var samples = YamlFiles().Where(f => f.Contains($"{Path.DirectorySeparatorChar}rules{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(f => TestsSection.Blank(File.ReadAllText(f))).Where(t => t.Length < 8000).ToList();
        const string Alphabet = ":-# \n'\"[],|>{}&*!?x1\\";
        var accepted = 0;
        for (var i = 0; i < 4000; i++)
        {
            var edited = samples[random.Next(samples.Count)];
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(edited.Length);
                var c = Alphabet[random.Next(Alphabet.Length)].ToString();
                edited = random.Next(3) switch
                {
                    0 => edited.Insert(at, c),
                    1 => edited.Remove(at, 1),
                    _ => edited.Remove(at, 1).Insert(at, c),
                };
            }

            accepted += AssertAgrees(edited, $"edit {i}") ? 1 : 0;
        }

        // Most edits land in text where YAML has no say; the check is only worth something if many were read.
        Assert.True(accepted > 1000, $"only {accepted} edits were read by the subset reader");
    }

    // True when the subset reader read the text (and agreed).
    private static bool AssertAgrees(string yaml, string? name = null)
    {
        var expected = YamlDotNetEvents(yaml);
        var actual = YamlSubsetReader.TryRead(yaml);
        if (actual is null)
        {
            return false;
        }

        Assert.True(expected is not null, $"{name}: YamlDotNet rejects a text the subset reader read:\n{yaml}");
        Assert.Equal(expected, actual.Select(Describe).ToList());
        return true;
    }

    private static List<string>? YamlDotNetEvents(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var events = new List<string>();
        try
        {
            while (parser.MoveNext())
            {
                events.Add(Describe(parser.Current!));
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws the latter two for some malformed text (YamlFile reports those as syntax errors too).
            return null;
        }

        // A key written twice is YamlDotNet's representation model's error, not its parser's.
        return events;
    }

    private static string Describe(ParsingEvent e)
    {
        var at = string.Create(CultureInfo.InvariantCulture, $"{e.Start.Line}:{e.Start.Column}:{e.Start.Index}");
        return e switch
        {
            Scalar s => $"{at} scalar {s.Style} '{s.Value}' plain={s.IsPlainImplicit} quoted={s.IsQuotedImplicit} key={s.IsKey} tag={s.Tag.IsEmpty} anchor={s.Anchor.IsEmpty}",
            MappingStart m => $"{at} mapping {m.Style} implicit={m.IsImplicit} tag={m.Tag.IsEmpty} anchor={m.Anchor.IsEmpty}",
            SequenceStart q => $"{at} sequence {q.Style} implicit={q.IsImplicit} tag={q.Tag.IsEmpty} anchor={q.Anchor.IsEmpty}",
            DocumentStart d => $"{at} document implicit={d.IsImplicit}",
            _ => e.GetType().Name,
        };
    }

    private static IEnumerable<string> YamlFiles() =>
        new[] { "rules", "deploy", "tests", "examples", "docs" }
            .Select(d => RepositoryRoot.Combine(d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains("node_modules", StringComparison.Ordinal));
}
