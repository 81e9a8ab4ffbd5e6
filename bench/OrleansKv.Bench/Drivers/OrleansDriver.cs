using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansKv.Client;
using OrleansKv.Client.Hosting;
using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Errors;

namespace OrleansKv.Bench.Drivers;

/// <summary>
/// Drives the coordinators directly through an Orleans client on static gateways, as an
/// embedding service would: <see cref="KeyValueCluster"/>'s put and get on "nodeK". Loop i uses
/// coordinator i mod coordinators, so every node coordinates its share; no failover, so that a
/// down node shows up as errors instead of silently moving load.
/// </summary>
public sealed class OrleansDriver : IKeyValueDriver
{
    private readonly IHost _host;
    private readonly KeyValueCluster _cluster;
    private readonly string[] _coordinators;
    private readonly byte[] _value;

    private OrleansDriver(IHost host, IReadOnlyList<IPEndPoint> gateways, IReadOnlyList<string> coordinators, int valueBytes)
    {
        _host = host;
        _cluster = new KeyValueCluster(host.Services.GetRequiredService<IClusterClient>());
        _coordinators = [.. coordinators];
        Targets = [.. gateways.Select(g => g.ToString())];

        // The same bytes the HTTP driver's JSON string value is stored as: "xxx...x".
        _value = StoredJson.ToStoredString(new string('x', valueBytes));
    }

    public string Name => "orleans";

    public IReadOnlyList<string> Targets { get; }

    public static async Task<OrleansDriver> ConnectAsync(
        IReadOnlyList<IPEndPoint> gateways, IReadOnlyList<string> coordinators, int valueBytes, TimeSpan connectTimeout, CancellationToken cancellation)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseOrleansKvCluster(new OrleansKvClientOptions { Gateways = [.. gateways] }));

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation).WaitAsync(connectTimeout, cancellation);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new OrleansDriver(host, gateways, coordinators, valueBytes);
    }

    public async Task<OpResult> PutAsync(string key, ConsistencyLevel level, int loop)
    {
        try
        {
            await _cluster.PutAsync(Coordinator(loop), key, _value, level);
            return OpResult.Ok;
        }
        catch (Exception e)
        {
            return Classify(e);
        }
    }

    public async Task<OpResult> GetAsync(string key, ConsistencyLevel level, int loop)
    {
        try
        {
            var result = await _cluster.GetAsync(Coordinator(loop), key, level);
            return result.Found ? OpResult.Ok : OpResult.NotFound;
        }
        catch (Exception e)
        {
            return Classify(e);
        }
    }

    public async Task<OpResult> IncrementAsync(string key, int loop)
    {
        try
        {
            var read = await _cluster.GetAsync(Coordinator(loop), key, ConsistencyLevel.Serial);
            var (value, version) = (read.Value, read.Version);
            for (var attempt = 1; ; attempt++)
            {
                var condition = value is null ? WriteCondition.Absent : WriteCondition.Version(version!);
                try
                {
                    await _cluster.PutIfAsync(Coordinator(loop), key, StoredJson.ToStored(JsonSerializer.SerializeToElement(CountIn(value) + 1)), condition);
                    return OpResult.Ok;
                }
                catch (ConditionFailedException lost) when (attempt < IKeyValueDriver.MaxIncrementAttempts)
                {
                    // Another writer won; the refusal carries the key as it is now, so no read is needed.
                    (value, version) = (lost.CurrentValue, lost.CurrentVersion);
                }
            }
        }
        catch (Exception e)
        {
            return Classify(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _host.StopAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // The cluster may already be gone; the process is about to exit anyway.
        }

        _host.Dispose();
    }

    private static long CountIn(byte[]? stored) =>
        stored is not null && StoredJson.ToJson(stored) is { ValueKind: JsonValueKind.Number } number ? number.GetInt64() : 0;

    private string Coordinator(int loop) => _coordinators[loop % _coordinators.Length];

    private static OpResult Classify(Exception e) => OpResult.Error(e switch
    {
        ConsistencyNotMetException => "consistency-not-met",
        ConditionFailedException => "condition-failed-every-attempt",
        NodeUnavailableException => "node-unavailable",
        InvalidRequestException invalid => $"invalid-request-{invalid.Kind}",
        TimeoutException => "timeout",
        _ => e.GetType().Name,
    });
}
