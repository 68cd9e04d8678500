using TrailWatcher.Detection.Rules.Loading;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>Reads the node shapes tuning files use (known keys, text, booleans), reporting each bad one at its position and going on.</summary>
internal sealed partial class TuningNodeReader(LoadContext context)
{
    public LoadContext Context => context;

    public static int Line(YamlNode node) => checked((int)node.Start.Line);

    public static int Column(YamlNode node) => checked((int)node.Start.Column);

    /// <summary>Keys, text and booleans, read and reported as every part of rule loading reads them.</summary>
    public YamlNodeReader Yaml { get; } = new(context);
}
