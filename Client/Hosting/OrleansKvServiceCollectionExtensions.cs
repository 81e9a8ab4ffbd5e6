using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansKv.Client.Hosting;

public static class OrleansKvServiceCollectionExtensions
{
    /// <summary>
    /// Connects a service to an OrleansKv cluster in one call: configures the Orleans client
    /// (local cluster, PostgreSQL or fixed gateways), which starts with the host and finds the
    /// cluster again after a full restart, and registers <see cref="KeyValueClient"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddOrleansKvClient(o => o.Client.RequestTimeout = TimeSpan.FromSeconds(2));
    /// </code>
    /// </example>
    public static IServiceCollection AddOrleansKvClient(this IServiceCollection services, Action<OrleansKvClientOptions>? configure = null)
    {
        // The clustering provider is chosen now, at registration: evaluate the settings once.
        var options = new OrleansKvClientOptions();
        configure?.Invoke(options);
        options.Validate();

        services.TryAddSingleton(TimeProvider.System);
        if (options.Gateways.Count == 0 && options.PostgresConnectionString is null)
        {
            // Registered before the Orleans client, so it starts (and fails clearly) first.
            services.AddHostedService(sp => new LocalClusterCheck(options, sp.GetRequiredService<TimeProvider>()));
        }

        services.AddSingleton<IClientConnectionRetryFilter>(sp => new ConnectRetryFilter(options, sp.GetRequiredService<TimeProvider>()));
        services.AddOrleansClient(client => client.UseOrleansKvCluster(options));
        services.AddSingleton(sp => new KeyValueClient(
            sp.GetRequiredService<IClusterClient>(), options.Client, sp.GetService<ILogger<KeyValueClient>>()));
        return services;
    }
}
