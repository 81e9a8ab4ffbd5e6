using System.CommandLine;
using System.CommandLine.Parsing;
using OrleansKv.Bench.Workloads;
using OrleansKv.Consistency;

namespace OrleansKv.Bench;

/// <summary>The bench tool's command line; list options take several values or one comma-separated value.</summary>
public static class BenchCommandLine
{
    public static RootCommand Build()
    {
        var driver = new Option<string>("--driver") { Description = "http (the HTTP API) or orleans (an Orleans client calling the coordinators)", DefaultValueFactory = _ => BenchOptions.Http };
        driver.AcceptOnlyFromAmong(BenchOptions.Http, BenchOptions.Orleans);
        var workloads = ListOption("--workload", $"Workloads to run: {string.Join(", ", Workload.Names)} (write-only, read-only, YCSB A, YCSB B, write every key once, conditional increment at serial)", "write");
        var levels = ListOption("--consistency", "Consistency levels to run each workload at: one, quorum, all, serial (reads only: read at serial is get:serial)", "quorum");
        var duration = new Option<double>("--duration") { Description = "Measured seconds per run", DefaultValueFactory = _ => 10 };
        var warmUp = new Option<double>("--warmup") { Description = "Seconds of load before measuring, per run", DefaultValueFactory = _ => 2 };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Closed loops (requests in flight)", DefaultValueFactory = _ => 32 };
        var keys = new Option<long>("--keys") { Description = "Key space size", DefaultValueFactory = _ => 10_000 };
        var keyPrefix = new Option<string>("--key-prefix") { Description = "Prefix of every key", DefaultValueFactory = _ => "bench:" };
        var valueSize = new Option<int>("--value-size") { Description = "Value size in bytes (a JSON string of that many characters)", DefaultValueFactory = _ => 100 };
        var targets = ListOption("--targets", "HTTP base URLs (http) or gateway host:port (orleans); default: the local cluster's", null);
        var portOffset = new Option<int>("--port-offset") { Description = "With default targets: the cluster's --port-offset", DefaultValueFactory = _ => 0 };
        var coordinators = ListOption("--coordinators", "orleans: node ids whose coordinators serve the requests, spread over the loops", "node1,node2,node3");
        var preload = new Option<bool>("--preload") { Description = "Write every key once (at the first level) before the runs, so reads find values" };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to this file" };
        var seed = new Option<int>("--seed") { Description = "Seed of the key choice (loop i uses seed+i)", DefaultValueFactory = _ => 42 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds before one request counts as a timeout (http)", DefaultValueFactory = _ => 10 };

        Positive(concurrency, "--concurrency");
        Positive(keys, "--keys");
        Positive(duration, "--duration");
        Positive(timeout, "--timeout");
        valueSize.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--value-size must not be negative."); });
        warmUp.Validators.Add(r => { if (r.GetValueOrDefault<double>() < 0) r.AddError("--warmup must not be negative."); });
        workloads.Validators.Add(r =>
        {
            foreach (var name in Split(r.GetValueOrDefault<string[]>()).Where(n => Workload.Find(n) is null))
            {
                r.AddError($"Unknown workload '{name}'; choose from {string.Join(", ", Workload.Names)}.");
            }
        });
        levels.Validators.Add(r =>
        {
            foreach (var name in Split(r.GetValueOrDefault<string[]>()).Where(n => !ConsistencyLevels.TryParse(n, out _)))
            {
                r.AddError($"Unknown consistency level '{name}'; choose from {string.Join(", ", ConsistencyLevels.Names)}.");
            }
        });

        var root = new RootCommand("Load generator for an OrleansKv cluster, over HTTP or an Orleans client (closed loop, HdrHistogram latencies).")
        {
            driver, workloads, levels, duration, warmUp, concurrency, keys, keyPrefix, valueSize, targets, portOffset,
            coordinators, preload, json, seed, timeout,
        };
        root.SetAction((result, cancellation) =>
        {
            var driverName = result.GetValue(driver)!;
            var targetList = Split(result.GetValue(targets));
            var options = new BenchOptions(
                driverName,
                [.. Split(result.GetValue(workloads)).Select(n => Workload.Find(n)!)],
                [.. Split(result.GetValue(levels)).Select(n => ConsistencyLevels.TryParse(n, out var l) ? l : default)],
                TimeSpan.FromSeconds(result.GetValue(duration)),
                TimeSpan.FromSeconds(result.GetValue(warmUp)),
                result.GetValue(concurrency),
                result.GetValue(keys),
                result.GetValue(keyPrefix)!,
                result.GetValue(valueSize),
                targetList.Count > 0 ? targetList : BenchOptions.DefaultTargets(driverName, result.GetValue(portOffset)),
                Split(result.GetValue(coordinators)),
                result.GetValue(preload),
                result.GetValue(json),
                result.GetValue(seed),
                TimeSpan.FromSeconds(result.GetValue(timeout)));
            return BenchProgram.RunAsync(options, Console.Out, Console.Error, cancellation);
        });
        return root;
    }

    private static Option<string[]> ListOption(string name, string description, string? defaultValue) => new(name)
    {
        Description = description,
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => defaultValue is null ? [] : [defaultValue],
    };

    private static List<string> Split(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static void Positive<T>(Option<T> option, string name)
        where T : System.Numerics.INumber<T> =>
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<T>() <= T.Zero)
            {
                r.AddError($"{name} must be positive.");
            }
        });
}
