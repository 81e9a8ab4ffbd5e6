using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>
/// A strict reader of the Prometheus text exposition format (version 0.0.4): every line must be
/// a HELP or TYPE comment, another comment, or a sample "name{labels} value [timestamp]"; any
/// other line fails the test with its line number.
/// </summary>
public sealed partial class PrometheusText
{
    private PrometheusText(IReadOnlyList<Sample> samples, IReadOnlyDictionary<string, string> types)
    {
        Samples = samples;
        Types = types;
    }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>Metric family name to its declared type (counter, gauge, histogram, summary, untyped).</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Sum(s => s.Value);

    public static PrometheusText Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var type = TypeLine().Match(line);
                if (type.Success)
                {
                    types[type.Groups["name"].Value] = type.Groups["type"].Value;
                }
                else if (line.StartsWith("# HELP ") && !HelpLine().IsMatch(line))
                {
                    throw new FormatException($"line {i + 1}: malformed HELP: {line}");
                }

                continue;
            }

            var sample = SampleLine().Match(line);
            if (!sample.Success || !TryValue(sample.Groups["value"].Value, out var value))
            {
                throw new FormatException($"line {i + 1}: not a sample: {line}");
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var labelText = sample.Groups["labels"].Value;
            if (labelText.Length > 0)
            {
                var matches = Label().Matches(labelText);
                if (string.Concat(matches.Select(m => m.Value)).Length != labelText.Length)
                {
                    throw new FormatException($"line {i + 1}: malformed labels: {line}");
                }

                foreach (Match m in matches)
                {
                    labels[m.Groups["key"].Value] = Regex.Unescape(m.Groups["value"].Value);
                }
            }

            samples.Add(new Sample(sample.Groups["name"].Value, labels, value));
        }

        return new PrometheusText(samples, types);
    }

    private static bool TryValue(string text, out double value) => text switch
    {
        "+Inf" => (value = double.PositiveInfinity) > 0,
        "-Inf" => (value = double.NegativeInfinity) < 0,
        "NaN" => double.IsNaN(value = double.NaN),
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value),
    };

    [GeneratedRegex(@"^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<type>counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([^""}]|""(\\.|[^""\\])*"")*)\})? (?<value>\S+)( -?\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)"",?")]
    private static partial Regex Label();
}
