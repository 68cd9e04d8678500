using TrailWatcher.Detection.Rules.Ecs;

namespace TrailWatcher.Detection.Tests.Rules.Ecs;

public sealed class CloudTrailEcsViewDocsTests
{
    [Fact]
    public void EcsFieldsDoc_NamesEveryFieldOfTheView()
    {
        var doc = File.ReadAllText(RepositoryRoot.Combine("docs", "ecs-fields.md"));

        var missing = CloudTrailEcsView.FieldNames.Concat(CloudTrailEcsView.ObjectFieldNames).Where(name => !doc.Contains($"`{name}`", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, "docs/ecs-fields.md does not list: " + string.Join(", ", missing));
    }
}
