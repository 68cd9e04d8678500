using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TrailWatcher.Configuration;

/// <summary>Every options type the service registered, checked one by one so that the failure of one type does not hide the problems of the others.</summary>
internal sealed class OptionsChecklist
{
    private readonly List<Func<IServiceProvider, object>> _checks = [];
    private readonly HashSet<Type> _types = [];

    /// <summary>Adds the type once; false when it was already on the list.</summary>
    public bool Add<[DynamicallyAccessedMembers(OptionsMembers.Bound)] TOptions>()
        where TOptions : class
    {
        if (!_types.Add(typeof(TOptions)))
        {
            return false;
        }

        _checks.Add(sp => sp.GetRequiredService<IOptions<TOptions>>().Value);
        return true;
    }

    public IReadOnlyList<string> Problems(IServiceProvider services)
    {
        var problems = new List<string>();
        foreach (var check in _checks)
        {
            try
            {
                check(services);
            }
            catch (Exception ex) when (Failures(ex) is { Count: > 0 } failures)
            {
                problems.AddRange(failures);
            }
        }

        return problems;
    }

    // The validators' own failures, however the options system wrapped them.
    private static List<string> Failures(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(Failures)],
        _ => [],
    };
}
