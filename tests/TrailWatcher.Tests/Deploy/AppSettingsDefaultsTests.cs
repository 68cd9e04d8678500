using System.Collections;
using System.Globalization;
using System.Text.Json;
using TrailWatcher.Accounts;
using TrailWatcher.Aws;
using TrailWatcher.Integrity;
using Xunit;
using static TrailWatcher.Tests.Deploy.DeployFiles;

namespace TrailWatcher.Tests.Deploy;

/// <summary>appsettings.json is where users look for what they can change: a section must list every setting, at the default the code uses.</summary>
public sealed class AppSettingsDefaultsTests
{
    public static TheoryData<string, Type> Sections() => new()
    {
        { AwsOptions.Section, typeof(AwsOptions) },
        { IntegrityOptions.Section, typeof(IntegrityOptions) },
        { AccountsOptions.Section, typeof(AccountsOptions) },
    };

    [Theory]
    [MemberData(nameof(Sections))]
    public void AppSettings_Section_ListsEverySettingAtItsDefault(string section, Type options)
    {
        var defaults = Activator.CreateInstance(options)!;
        using var settings = AppSettings();
        var node = settings.RootElement;
        foreach (var name in section.Split(':'))
        {
            Assert.True(node.TryGetProperty(name, out node), $"appsettings.json has no {section}");
        }

        foreach (var property in options.GetProperties().Where(p => p.CanWrite))
        {
            Assert.True(node.TryGetProperty(property.Name, out var value), $"appsettings.json has no {section}:{property.Name}");
            var expected = property.GetValue(defaults, null);
            switch (expected)
            {
                case null:
                    // An unset string reads as empty, as the binder gives it.
                    Assert.Equal("", value.GetString());
                    break;
                case bool flag:
                    Assert.Equal(flag, value.GetBoolean());
                    break;
                case int number:
                    Assert.Equal(number, value.GetInt32());
                    break;
                case IDictionary map:
                    Assert.Equal(JsonValueKind.Object, value.ValueKind);
                    Assert.Equal(map.Count, value.EnumerateObject().Count());
                    break;
                case IList list:
                    Assert.Equal(JsonValueKind.Array, value.ValueKind);
                    Assert.Equal(list.Count, value.GetArrayLength());
                    break;
                default:
                    Assert.Equal(Convert.ToString(expected, CultureInfo.InvariantCulture), value.GetString());
                    break;
            }
        }
    }
}
