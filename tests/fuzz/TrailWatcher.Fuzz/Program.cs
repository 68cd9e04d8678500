using SharpFuzz;
using TrailWatcher.Fuzz;

// Usage: TrailWatcher.Fuzz TARGET             (under afl-fuzz: inputs arrive through SharpFuzz)
//        TrailWatcher.Fuzz TARGET FILE...     (replay: runs each file once, prints what escaped)
if (args.Length == 0 || FuzzTargets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine($"usage: TrailWatcher.Fuzz TARGET [FILE...]; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
    return 2;
}

if (args.Length > 1)
{
    return Replay.Run(target, args[1..]);
}

// Out of process: a stack overflow kills only the child, and afl-fuzz still hears of it as a crash.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;
