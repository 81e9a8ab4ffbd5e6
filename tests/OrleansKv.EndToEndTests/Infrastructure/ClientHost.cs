using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansKv.Client;
using OrleansKv.Client.Hosting;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>A generic host that embeds the OrleansKv client, as a service would, started and stopped by the test.</summary>
public sealed class ClientHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ClientHost(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<KeyValueClient>();
    }

    public KeyValueClient Client { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>A client of <paramref name="cluster"/> through its nodes' gateways.</summary>
    public static Task<ClientHost> StartAsync(ProcessCluster cluster, Action<OrleansKvClientOptions>? configure = null) =>
        StartAsync(o =>
        {
            o.Gateways = [.. cluster.Nodes.Select(n => new IPEndPoint(IPAddress.Loopback, n.GatewayPort))];
            configure?.Invoke(o);
        });

    public static async Task<ClientHost> StartAsync(Action<OrleansKvClientOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOrleansKvClient(configure);
        var host = builder.Build();
        using var starting = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(starting.Token);
        return new ClientHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // A cluster that is gone cannot be left politely.
        }

        _host.Dispose();
    }
}
