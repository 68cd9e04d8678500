using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TrailWatcher.Configuration;

/// <summary>Registers an options section that is bound setting by setting and checked at start, each failure named by its full setting.</summary>
internal static class CheckedOptions
{
    /// <summary>Binds <paramref name="section"/> and checks it by its DataAnnotations.</summary>
    public static IServiceCollection AddCheckedOptions<[DynamicallyAccessedMembers(OptionsMembers.Bound)] TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class =>
        services.AddCheckedOptions(configuration, section, new SectionValidator<TOptions>(section));

    /// <summary>Binds <paramref name="section"/> and checks it with <paramref name="validator"/>.</summary>
    /// <remarks>
    /// Once per type: several concerns share a section (the SQS source and the SQS sink both need TrailWatcher:Aws),
    /// and a second binding would report each of its problems twice.
    /// </remarks>
    public static IServiceCollection AddCheckedOptions<[DynamicallyAccessedMembers(OptionsMembers.Bound)] TOptions>(this IServiceCollection services, IConfiguration configuration, string section, IValidateOptions<TOptions> validator)
        where TOptions : class
    {
        if (!Checklist(services).Add<TOptions>())
        {
            return services;
        }

        services.AddOptionsWithValidateOnStart<TOptions>().Configure(options => TolerantBinder.Bind(configuration.GetSection(section), options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, UnconvertibleSettingsValidator<TOptions>>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton(validator));
        return services;
    }

    private static OptionsChecklist Checklist(IServiceCollection services)
    {
        var checklist = (OptionsChecklist?)services.FirstOrDefault(d => d.ServiceType == typeof(OptionsChecklist))?.ImplementationInstance;
        if (checklist is null)
        {
            checklist = new OptionsChecklist();
            services.AddSingleton(checklist);
        }

        return checklist;
    }
}
