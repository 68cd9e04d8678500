using System.Text.Json;
using Xunit;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace TrailWatcher.Tests.Deploy;

/// <summary>Reads the deployment artefacts (YAML, JSON, appsettings.json) and walks their object graphs.</summary>
internal static class DeployFiles
{
    public static string Root => RepositoryRoot.FullName;

    public static string DeployPath(params string[] parts) => Path.Combine([Root, "deploy", .. parts]);

    public static string Text(string path)
    {
        Assert.True(File.Exists(path), $"missing artefact: {Path.GetRelativePath(Root, path)}");
        return File.ReadAllText(path);
    }

    /// <summary>Every document of a (multi-document) YAML file, each a mapping.</summary>
    public static List<Dictionary<object, object?>> YamlDocuments(string path)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(Text(path)));
        var documents = new List<Dictionary<object, object?>>();
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize<object?>(parser);
            if (document is null)
            {
                continue;
            }

            documents.Add(Assert.IsType<Dictionary<object, object?>>(document));
        }

        Assert.NotEmpty(documents);
        return documents;
    }

    /// <summary>The node at a dotted path of mapping keys; null when any step is missing.</summary>
    public static object? At(object? node, string path)
    {
        foreach (var key in path.Split('.'))
        {
            if (node is not Dictionary<object, object?> map || !map.TryGetValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Str(object? node, string path) => At(node, path) as string;

    public static Dictionary<object, object?> Map(object? node, string path) =>
        Assert.IsType<Dictionary<object, object?>>(At(node, path));

    public static List<object?> Seq(object? node, string path) =>
        At(node, path) as List<object?> ?? throw new Xunit.Sdk.XunitException($"'{path}' is not a list");

    public static int Int(object? node, string path) =>
        int.TryParse(Str(node, path), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new Xunit.Sdk.XunitException($"'{path}' is not an integer: '{At(node, path)}'");

    /// <summary>The documents of every Kubernetes manifest, with the file each came from.</summary>
    public static List<(string File, Dictionary<object, object?> Document)> KubernetesDocuments() =>
        [.. Directory.GetFiles(DeployPath("kubernetes"), "*.yaml")
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .Order(StringComparer.Ordinal)
            .SelectMany(f => YamlDocuments(f).Select(d => (Path.GetFileName(f), d)))];

    public static Dictionary<object, object?> Kubernetes(string kind) =>
        Assert.Single(KubernetesDocuments(), d => Str(d.Document, "kind") == kind).Document;

    /// <summary>appsettings.json of the repository root: the settings the service knows.</summary>
    public static JsonDocument AppSettings() => JsonDocument.Parse(Text(Path.Combine(Root, "appsettings.json")));

    /// <summary>
    /// Why an environment variable does not name a setting of appsettings.json (null when it does).
    /// <c>TrailWatcher__Sqs__QueueUrl</c> must lead to a value; a numeric segment indexes a list.
    /// Configuration keys are case-insensitive, so the lookup is too.
    /// </summary>
    public static string? UnknownSetting(JsonElement settings, string variable)
    {
        var node = settings;
        var segments = variable.Split("__");
        foreach (var segment in segments)
        {
            switch (node.ValueKind)
            {
                case JsonValueKind.Object:
                    var match = node.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
                    if (match.Value.ValueKind == JsonValueKind.Undefined)
                    {
                        return $"{variable}: appsettings.json has no '{segment}' here";
                    }

                    node = match.Value;
                    break;
                case JsonValueKind.Array:
                    if (!int.TryParse(segment, out var index) || index < 0)
                    {
                        return $"{variable}: '{segment}' is not an index of a list";
                    }

                    // An index past the defaults is fine (the list may be empty); elements are scalars.
                    node = default;
                    break;
                default:
                    return $"{variable}: '{segment}' goes below a value";
            }
        }

        return node.ValueKind switch
        {
            JsonValueKind.Object => $"{variable}: names a section, not a value",
            JsonValueKind.Array => $"{variable}: names a list; set its elements with __0, __1, ...",
            _ => null,
        };
    }

    /// <summary>The first-level setting names (the value of each <c>TrailWatcher__...</c> variable is not checked).</summary>
    public static IEnumerable<string> TrailWatcherVariables(IEnumerable<string> names) =>
        names.Where(n => n.StartsWith("TrailWatcher__", StringComparison.Ordinal) || n.StartsWith("TRAILWATCHER__", StringComparison.OrdinalIgnoreCase));
}
