namespace TrailWatcher.Fuzz;

/// <summary>One parser that takes outside input, driven the way the service drives it.</summary>
/// <remarks>
/// <see cref="Run"/> returns when the parser accepted the input or rejected it with its own documented exception;
/// anything else escapes, and SharpFuzz reports it to afl-fuzz as a crash.
/// </remarks>
internal interface IFuzzTarget
{
    /// <summary>The name used on the command line and for the seed corpus folder.</summary>
    string Name { get; }

    /// <summary>Feeds one input to the parser.</summary>
    void Run(ReadOnlySpan<byte> input);
}
