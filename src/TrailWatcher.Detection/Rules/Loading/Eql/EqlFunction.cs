namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>An EQL function: its name, how many arguments it takes, whether it has a <c>~</c> form, and its body over one combination of arguments.</summary>
/// <remarks>The body takes the arguments (null for a missing one) and the <c>~</c> flag, and returns null for a null result.</remarks>
internal sealed record EqlFunction(
    string Name,
    int MinArguments,
    int MaxArguments,
    bool HasCaseInsensitiveForm,
    bool ReturnsBoolean,
    Func<EqlScalar?[], bool, EqlScalar?> Apply);
