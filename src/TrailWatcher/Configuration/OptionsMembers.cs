using System.Diagnostics.CodeAnalysis;

namespace TrailWatcher.Configuration;

/// <summary>What the settings binder and validator need of an options class when the build is compiled ahead of time.</summary>
internal static class OptionsMembers
{
    /// <summary>The binder sets public properties and creates nested settings objects; the validator reads the properties' attributes.</summary>
    public const DynamicallyAccessedMemberTypes Bound = DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties;

    /// <summary>Why reflecting over an options object whose type is known only at run time is safe in the published build.</summary>
    public const string Kept =
        "Options classes live in this assembly, which TrailWatcher.csproj roots for the trimmer (TrimmerRootAssembly), so their " +
        "constructors, properties and attributes are all kept; the values the stock binder converts are strings, numbers, booleans " +
        "and enums, which need no generated code, and collections are filled by TolerantBinder itself.";
}
