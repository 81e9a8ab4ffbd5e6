using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using OrleansKv.Grains.Storage;

namespace OrleansKv.UnitTests.Logging;

/// <summary>The event ids of every log method follow the table of ranges in docs/logging.md.</summary>
public sealed partial class EventIdTests
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(NodeDatabase).Assembly,
        Assembly.Load("Api"),
        Assembly.Load("OrleansKv.Silo"),
        Assembly.Load("OrleansKv.Client"),
    ];

    private static IEnumerable<(MethodInfo Method, LoggerMessageAttribute Attribute)> LogMethods() =>
        Assemblies.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Method, x.Attribute!));

    private static string Name(MethodInfo method) => $"{method.DeclaringType!.FullName}.{method.Name}";

    private static List<(int From, int To, string Namespace)> DocumentedRanges()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "logging.md");
        return File.ReadLines(path)
            .Select(line => RangeRow().Match(line))
            .Where(m => m.Success)
            .Select(m => (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), m.Groups[3].Value))
            .ToList();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansKv.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("OrleansKv.sln not found above the test's directory.");
    }

    [Fact]
    public void Every_log_method_has_an_event_id_of_its_own()
    {
        var methods = LogMethods().ToList();
        var missing = methods.Where(m => m.Attribute.EventId == 0).Select(m => Name(m.Method)).ToList();
        var duplicates = methods.GroupBy(m => m.Attribute.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => Name(m.Method)))}").ToList();

        Assert.NotEmpty(methods);
        Assert.True(missing.Count == 0, $"Log methods without an event id: {string.Join(", ", missing)}");
        Assert.True(duplicates.Count == 0, $"Event ids used more than once: {string.Join("; ", duplicates)}");
    }

    [Fact]
    public void Every_event_id_lies_in_the_documented_range_of_its_area()
    {
        var ranges = DocumentedRanges();
        var outside = LogMethods()
            .Where(m => !ranges.Any(r => IsIn(m.Method.DeclaringType!.Namespace!, r.Namespace) && m.Attribute.EventId >= r.From && m.Attribute.EventId <= r.To))
            .Select(m => $"{Name(m.Method)} ({m.Attribute.EventId})")
            .ToList();

        Assert.NotEmpty(ranges);
        Assert.True(outside.Count == 0, $"Event ids outside their area's range in docs/logging.md: {string.Join(", ", outside)}");
    }

    [Fact]
    public void The_documented_ranges_do_not_overlap()
    {
        var ranges = DocumentedRanges().OrderBy(r => r.From).ToList();
        for (var i = 1; i < ranges.Count; i++)
        {
            Assert.True(ranges[i - 1].To < ranges[i].From, $"{ranges[i - 1].Namespace} and {ranges[i].Namespace} overlap");
        }
    }

    [Fact]
    public void A_logged_failure_carries_its_exception()
    {
        // A method whose name says something failed (or is retried after failing) logs the exception, so its stack is kept.
        var withoutException = LogMethods()
            .Where(m => m.Method.Name.Contains("Fail", StringComparison.Ordinal) || m.Method.Name.Contains("Retry", StringComparison.Ordinal) || m.Attribute.Level >= LogLevel.Error)
            .Where(m => !m.Method.GetParameters().Any(p => typeof(Exception).IsAssignableFrom(p.ParameterType)))
            .Select(m => Name(m.Method))
            .ToList();

        Assert.True(withoutException.Count == 0, $"Failure logs without their exception: {string.Join(", ", withoutException)}");
    }

    private static bool IsIn(string ns, string area) => ns == area || ns.StartsWith(area + ".", StringComparison.Ordinal);

    [GeneratedRegex(@"^\|\s*(\d+)-(\d+)\s*\|[^|]*\|\s*`([\w.]+)`\s*\|")]
    private static partial Regex RangeRow();
}
