using System.Reflection;
using Xunit;

namespace TrailWatcher.Tests.Architecture;

/// <summary>The executable's folders depend on one another one way only: Cli → Hosting → Sources / Pipeline / Sinks / Alerting → Telemetry.</summary>
public sealed class FolderDependencyTests
{
    private static readonly Assembly Executable = typeof(TrailWatcher.Hosting.ServiceHost).Assembly;
    private static readonly Lazy<FolderGraph> Graph = new(() => FolderGraph.Of(Executable));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DetectionLibraryFolders_ReferToEachOther_WithoutCycles(bool subFolders)
    {
        var cycles = FolderGraph.Of(typeof(TrailWatcher.Detection.Evaluation.RecordEvaluator).Assembly, "TrailWatcher.Detection", subFolders).Cycles();

        Assert.True(cycles.Count == 0, "folders that depend on each other:" + string.Concat(cycles.Select(Describe)));
    }

    [Fact]
    public void Folders_ReferToEachOther_WithoutCycles()
    {
        var cycles = Graph.Value.Cycles();

        Assert.True(cycles.Count == 0, "folders that depend on each other:" + string.Concat(cycles.Select(Describe)));
    }

    [Theory]
    [InlineData("Cli", "")]
    [InlineData("Hosting", "Cli")]
    [InlineData("Health", "Hosting")]
    public void Folder_IsReferredTo_OnlyFromAbove(string folder, string allowed)
    {
        var from = allowed.Split(',', StringSplitOptions.RemoveEmptyEntries);

        var offending = Graph.Value.Folders
            .Where(f => !from.Contains(f) && Graph.Value.From(f).ContainsKey(folder))
            .Select(f => Graph.Value.From(f)[folder])
            .ToList();

        Assert.True(offending.Count == 0, $"{folder} is for {(from.Length == 0 ? "no other folder" : string.Join(", ", from))} to use, yet: {string.Join("; ", offending)}");
    }

    [Theory]
    [InlineData("Configuration")]
    [InlineData("Telemetry")]
    public void Folder_AtTheBottom_RefersToNoOtherFolder(string folder)
    {
        Assert.Empty(Graph.Value.From(folder).Values);
    }

    [Theory]
    [InlineData("Sources", "Sinks")]
    [InlineData("Sinks", "Sources")]
    [InlineData("Sinks", "Pipeline")]
    [InlineData("Alerting", "Pipeline")]
    [InlineData("Alerting", "Sinks")]
    public void Folder_LeavesItsNeighbour_Alone(string folder, string neighbour)
    {
        // Sources learn from an object's outcome whether to take it again; they never look at a sink's errors.
        Assert.False(Graph.Value.From(folder).TryGetValue(neighbour, out var reference), $"{folder} refers to {neighbour}: {reference}");
    }

    [Fact]
    public void Channels_AreUsedOnlyInsideThePipeline()
    {
        var outside = Executable.GetTypes()
            .Where(t => t.Namespace?.StartsWith("TrailWatcher.Pipeline", StringComparison.Ordinal) != true)
            .Where(t => TypeReferences.Of(t).Any(r => r.Namespace == "System.Threading.Channels"))
            .Select(t => TypeReferences.Declaring(t).FullName)
            .Distinct()
            .ToList();

        Assert.Empty(outside);
    }

    [Fact]
    public void Graph_SeesReferencesInSignaturesAndMethodBodies()
    {
        // Guards the checks above against passing because they see nothing.
        Assert.Contains("Sources", Graph.Value.From("Hosting").Keys);
        Assert.Contains("Sinks", Graph.Value.From("Pipeline").Keys);
        // DirectoryPoller names ObjectOutcome only inside an async method: the compiler's state machine holds it.
        var poller = Executable.GetTypes().Where(t => TypeReferences.Declaring(t).Name == "DirectoryPoller").SelectMany(TypeReferences.Of);
        Assert.Contains(poller, r => r.Name == "ObjectOutcome");
    }

    private static string Describe(List<string> cycle) =>
        Environment.NewLine + "  " + string.Join(" <-> ", cycle) + ":" + string.Concat(
            from folder in cycle
            from edge in Graph.Value.From(folder)
            where cycle.Contains(edge.Key)
            select $"{Environment.NewLine}    {folder} -> {edge.Key} (e.g. {edge.Value})");
}
