using Microsoft.Extensions.Configuration;
using TrailWatcher.Aws;
using TrailWatcher.Configuration;
using TrailWatcher.Sources.S3;

namespace TrailWatcher.Integrity;

/// <summary>The AWS and S3 settings a one-off verification uses, read as the service reads them (appsettings.json, then environment).</summary>
internal sealed record TrailVerifySettings(AwsOptions Aws, S3Options S3)
{
    /// <summary>The settings, and every problem with them by full setting name.</summary>
    public static (TrailVerifySettings Settings, IReadOnlyList<string> Problems) Load()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .Build();
        var aws = new AwsOptions();
        var s3 = new S3Options();
        TolerantBinder.Bind(configuration.GetSection(AwsOptions.Section), aws);
        TolerantBinder.Bind(configuration.GetSection(S3Options.Section), s3);
        var problems = new List<string>();
        problems.AddRange(TolerantBinder.ProblemsOf(aws));
        problems.AddRange(TolerantBinder.ProblemsOf(s3));
        problems.AddRange(new SectionValidator<AwsOptions>(AwsOptions.Section).Validate(null, aws).Failures ?? []);
        problems.AddRange(new SectionValidator<S3Options>(S3Options.Section).Validate(null, s3).Failures ?? []);
        return (new TrailVerifySettings(aws, s3), problems);
    }
}
