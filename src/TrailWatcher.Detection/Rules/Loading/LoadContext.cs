using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>The file being loaded and the shared list its problems go to.</summary>
internal sealed class LoadContext(string file, List<RuleLoadError> errors)
{
    public string File { get; } = file;

    public int ErrorCount => errors.Count;

    /// <summary>The file's text as parsed, when known: lets a problem inside a scalar (an EQL query) be placed on its own line.</summary>
    public string? Source { get; init; }

    /// <summary>A context for another file whose problems join the same list (a rule's sidecar tests).</summary>
    public LoadContext For(string otherFile) => new(otherFile, errors);

    public void Error(YamlNode node, string message) => Error(node.Start, message);

    public void Error(Mark mark, string message) =>
        errors.Add(new RuleLoadError(File, checked((int)mark.Line), checked((int)mark.Column), message));
}
