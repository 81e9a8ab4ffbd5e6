using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansKv.Bench.Reporting;

/// <summary>The JSON report (<c>--json FILE</c>): when and where it ran, and every run's result.</summary>
public sealed record BenchReport(DateTimeOffset Started, string Machine, int ProcessorCount, IReadOnlyList<RunResult> Runs)
{
    public static BenchReport Create(DateTimeOffset started, IReadOnlyList<RunResult> runs) =>
        new(started, Environment.MachineName, Environment.ProcessorCount, runs);

    public async Task WriteAsync(string path)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, BenchJsonContext.Default.BenchReport);
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BenchReport))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
