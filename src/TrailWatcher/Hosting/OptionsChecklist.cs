using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TrailWatcher.Hosting;

/// <summary>Every options type the service registered, checked one by one so that a value that cannot even be converted does not hide the other problems.</summary>
internal sealed class OptionsChecklist
{
    private readonly List<Func<IServiceProvider, object>> _checks = [];

    public void Add<TOptions>()
        where TOptions : class => _checks.Add(sp => sp.GetRequiredService<IOptions<TOptions>>().Value);

    public IReadOnlyList<string> Problems(IServiceProvider services)
    {
        var problems = new List<string>();
        foreach (var check in _checks)
        {
            try
            {
                check(services);
            }
            catch (Exception ex) when (Cli.ConfigurationErrors.From(ex) is { Count: > 0 } failures)
            {
                problems.AddRange(failures);
            }
        }

        return problems;
    }
}
