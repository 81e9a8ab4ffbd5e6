using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansKv.Client.Hosting;

public static class KeyValueClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="KeyValueClient"/> over an <see cref="IGrainFactory"/> the host already
    /// has: a silo, or an Orleans client configured by hand. Services that only talk to
    /// OrleansKv use <see cref="OrleansKvServiceCollectionExtensions.AddOrleansKvClient"/> instead.
    /// </summary>
    public static IServiceCollection AddKeyValueClient(
        this IServiceCollection services, Action<KeyValueClientOptions>? configure = null)
    {
        var options = services.AddOptions<KeyValueClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton(sp => new KeyValueClient(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<IOptions<KeyValueClientOptions>>(),
            sp.GetService<ILogger<KeyValueClient>>()));
        return services;
    }
}
