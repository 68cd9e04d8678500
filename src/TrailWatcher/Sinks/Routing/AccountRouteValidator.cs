using Microsoft.Extensions.Options;
using TrailWatcher.Detection.Accounts;

namespace TrailWatcher.Sinks.Routing;

/// <summary>Reports a route that names an account or environment no entry of <c>TrailWatcher:Accounts</c> has: such a route would never take an alert.</summary>
internal sealed class AccountRouteValidator(AccountDirectory accounts) : IValidateOptions<SinkOptions>
{
    public ValidateOptionsResult Validate(string? name, SinkOptions options)
    {
        var failures = new List<string>();
        foreach (var (sink, sinkOptions) in options.Named())
        {
            var route = sinkOptions.Route.Accounts;
            for (var i = 0; i < route.Count; i++)
            {
                var entry = route[i].Trim();
                if (entry.Length > 0 && !entry.All(char.IsAsciiDigit) && !accounts.Knows(entry))
                {
                    failures.Add($"{SinkOptions.Section}:{sink}:Route:Accounts:{i}: no account in TrailWatcher:Accounts has the name or environment '{entry}'");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
