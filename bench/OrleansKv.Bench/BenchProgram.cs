using System.Net;
using OrleansKv.Bench.Drivers;
using OrleansKv.Bench.Reporting;
using OrleansKv.Bench.Running;
using OrleansKv.Bench.Workloads;
using OrleansKv.Consistency;

namespace OrleansKv.Bench;

/// <summary>Connects the chosen driver, runs every workload at every level, reports.</summary>
public static class BenchProgram
{
    public const int ExitOk = 0;
    public const int ExitCannotConnect = 2;

    public static async Task<int> RunAsync(BenchOptions options, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        IKeyValueDriver driver;
        try
        {
            driver = await CreateDriverAsync(options, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            await errors.WriteLineAsync($"Cannot connect to {string.Join(", ", options.Targets)}: {e.Message}");
            return ExitCannotConnect;
        }

        await using (driver)
        {
            var started = DateTimeOffset.UtcNow;
            var keys = new KeySpace(options.KeyPrefix, options.Keys);
            var results = new List<RunResult>();
            // A conditional write is serial whatever the level, so cas runs once; a plain write
            // (the preload) cannot be serial, so it falls back to quorum.
            var runs = options.Workloads
                .SelectMany(w => w.IsConditional ? [(Workload: w, Level: ConsistencyLevel.Serial)] : options.Levels.Select(l => (Workload: w, Level: l)))
                .ToList();
            if (options.Preload)
            {
                var preloadLevel = options.Levels[0] == ConsistencyLevel.Serial ? ConsistencyLevel.Quorum : options.Levels[0];
                runs.Insert(0, (Workload.All.Single(w => w.IsLoad), preloadLevel));
            }

            foreach (var (workload, level) in runs)
            {
                var settings = new RunSettings(workload, level, keys, options.Concurrency, options.WarmUp, options.Duration, options.Seed);
                var result = await BenchRunner.RunAsync(driver, settings, cancellation);
                ConsoleReport.Write(output, result);
                results.Add(result);
                if (cancellation.IsCancellationRequested)
                {
                    break;
                }
            }

            if (options.JsonPath is { } path)
            {
                await BenchReport.Create(started, results).WriteAsync(path);
                await output.WriteLineAsync($"JSON report: {Path.GetFullPath(path)}");
            }
        }

        return ExitOk;
    }

    private static async Task<IKeyValueDriver> CreateDriverAsync(BenchOptions options, CancellationToken cancellation)
    {
        if (options.Driver == BenchOptions.Orleans)
        {
            var gateways = await Task.WhenAll(options.Targets.Select(ResolveAsync));
            return await OrleansDriver.ConnectAsync(gateways, options.Coordinators, options.ValueSize, TimeSpan.FromSeconds(30), cancellation);
        }

        var bases = options.Targets.Select(t => new Uri(t.TrimEnd('/') + "/", UriKind.Absolute)).ToList();
        return new HttpDriver(bases, options.Concurrency, options.ValueSize, options.RequestTimeout);
    }

    private static async Task<IPEndPoint> ResolveAsync(string endpoint)
    {
        if (IPEndPoint.TryParse(endpoint, out var parsed) && parsed.Port != 0)
        {
            return parsed;
        }

        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint[(colon + 1)..], out var port))
        {
            throw new FormatException($"'{endpoint}' is not host:port.");
        }

        var addresses = await Dns.GetHostAddressesAsync(endpoint[..colon]);
        return new IPEndPoint(addresses.First(), port);
    }
}
