using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansKv.UnitTests.Configuration;

/// <summary>
/// The configuration table (docs/configuration.md) lists exactly the settings a node reads, so
/// it cannot drift from the options classes. The classes are the ones the node's own
/// registrations bind from the configuration (found in the registered services, not listed
/// here), their settings every public settable property; each row's key is proved by binding it
/// through those registrations: a value set under the key must reach the property.
/// Experimental settings have their own table.
/// </summary>
public sealed partial class ConfigurationTableTests
{
    private const string Section = "OrleansKv";

    private const string TableFile = "docs/configuration.md";

    [Fact]
    public void The_table_lists_every_setting_the_node_binds_and_nothing_else()
    {
        var rows = TableRows();
        var services = NodeServices.Register(new Dictionary<string, string?>());
        var settings = BoundOptionTypes(services)
            .SelectMany(type => BindableProperties(type).Select(property => (Type: type, Property: property)))
            .ToArray();

        var keyOf = settings.ToDictionary(
            setting => setting,
            setting => rows.Select(row => row.Key).Where(key => key.EndsWith(":" + setting.Property.Name, StringComparison.Ordinal))
                .Where(key => Binds(setting.Type, setting.Property, key))
                .ToArray());

        var missing = settings.Where(s => keyOf[s].Length == 0).Select(s => $"{s.Type.Name}.{s.Property.Name}").ToArray();
        var bindingKeys = keyOf.Values.SelectMany(keys => keys).ToHashSet();
        var stale = rows.Select(row => row.Key).Where(key => !bindingKeys.Contains(key)).ToArray();
        var twice = rows.GroupBy(row => row.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(settings.Length > 50, $"Only {settings.Length} settings found: the node's options registrations were not found.");
        Assert.True(missing.Length + stale.Length + twice.Length == 0, string.Join(Environment.NewLine,
            $"Settings the node binds with no row in the table: {string.Join(", ", missing)}",
            $"Rows whose key sets no option: {string.Join(", ", stale)}",
            $"Rows listed twice: {string.Join(", ", twice)}"));
    }

    [Fact]
    public void Experimental_settings_are_in_their_own_table_and_only_there()
    {
        var misplaced = TableRows()
            .Where(row => row.Key.StartsWith("Experimental:", StringComparison.Ordinal) != row.Heading.Contains("Experimental", StringComparison.Ordinal))
            .Select(row => $"{row.Key} (under \"{row.Heading}\")")
            .ToArray();

        Assert.True(misplaced.Length == 0, $"Experimental settings belong in the Experimental table, and only they: {string.Join(", ", misplaced)}");
    }

    /// <summary>The option types bound from configuration below the OrleansKv section (BindConfiguration registers a change-token source for each).</summary>
    private static Type[] BoundOptionTypes(IServiceCollection services) =>
        services
            .Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>))
            .Select(t => t.GetGenericArguments()[0])
            .Where(t => t.Namespace?.StartsWith("OrleansKv.", StringComparison.Ordinal) == true)
            .Distinct()
            .ToArray();

    private static PropertyInfo[] BindableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod?.IsPublic == true && p.GetIndexParameters().Length == 0)
            .ToArray();

    /// <summary>True when a value set under <paramref name="key"/> reaches <paramref name="property"/> through the node's registrations.</summary>
    private static bool Binds(Type type, PropertyInfo property, string key)
    {
        var defaults = Activator.CreateInstance(type)!;
        var (text, value) = Sentinel(property.PropertyType, property.GetValue(defaults));
        var services = NodeServices.Register(new Dictionary<string, string?> { [$"{Section}:{key}"] = text });
        using var provider = services.BuildServiceProvider();
        var bound = typeof(ConfigurationTableTests).GetMethod(nameof(Configure), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [provider])!;
        return Equals(property.GetValue(bound), value);
    }

    /// <summary>A fresh <typeparamref name="T"/> as its registered configure steps leave it, without validation (the values tried need not be valid).</summary>
    private static T Configure<T>(IServiceProvider provider)
        where T : class, new()
    {
        var options = new T();
        foreach (var configure in provider.GetServices<IConfigureOptions<T>>())
        {
            if (configure is IConfigureNamedOptions<T> named)
            {
                named.Configure(Options.DefaultName, options);
            }
            else
            {
                configure.Configure(options);
            }
        }

        return options;
    }

    /// <summary>A value unlike <paramref name="current"/>, as configuration text and as the property holds it.</summary>
    private static (string Text, object Value) Sentinel(Type type, object? current)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        object value = underlying switch
        {
            _ when underlying == typeof(string) => "set-by-the-table-test",
            _ when underlying == typeof(bool) => !(bool)(current ?? false),
            _ when underlying == typeof(int) => (int)(current ?? 0) + 1,
            _ when underlying == typeof(long) => (long)(current ?? 0L) + 1,
            _ when underlying == typeof(double) => (double)(current ?? 0.0) + 0.25,
            _ when underlying == typeof(TimeSpan) => (TimeSpan)(current ?? TimeSpan.Zero) + TimeSpan.FromSeconds(1),
            _ when underlying.IsEnum => Enum.GetValues(underlying).Cast<object>().First(v => !v.Equals(current)),
            _ => throw new NotSupportedException($"The table test has no trial value for a setting of type {type}: add one."),
        };
        var text = value switch
        {
            TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString()!,
        };
        return (text, value);
    }

    /// <summary>The rows of every table whose first column is "Setting": each names one key, with or without "OrleansKv:".</summary>
    private static List<(string Key, string Heading)> TableRows()
    {
        var path = Path.Combine(RepositoryRoot(), TableFile);
        var rows = new List<(string Key, string Heading)>();
        var heading = "";
        var inTable = false;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('#'))
            {
                heading = line.TrimStart('#').Trim();
            }

            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }

            var first = line.Split('|')[1].Trim();
            if (first == "Setting")
            {
                inTable = true;
                continue;
            }

            if (!inTable || first.StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }

            var key = OneKey().Match(first);
            Assert.True(key.Success, $"A row of the configuration table in {path} must name exactly one key in backticks: {line}");
            rows.Add((key.Groups["key"].Value, heading));
        }

        Assert.True(rows.Count > 0, $"No configuration table (a table whose first column is \"Setting\") in {path}.");
        return rows;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansKv.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No OrleansKv.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^`(?:OrleansKv:)?(?<key>[A-Za-z]+(?::[A-Za-z]+)+)`$")]
    private static partial Regex OneKey();
}
