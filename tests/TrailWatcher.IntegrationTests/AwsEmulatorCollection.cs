using Xunit;

namespace TrailWatcher.IntegrationTests;

/// <summary>Test classes marked [Collection(AwsEmulatorCollection.Name)] share one emulator for the whole run.</summary>
[CollectionDefinition(Name)]
public sealed class AwsEmulatorCollection : ICollectionFixture<AwsEmulatorFixture>
{
    /// <summary>Collection name to put on test classes.</summary>
    public const string Name = "AWS emulator";
}
