using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansKv.Client.Caching;

namespace OrleansKv.Client.Hosting;

public static class OrleansKvDistributedCacheServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OrleansKvDistributedCache"/> as the <see cref="IDistributedCache"/>.
    /// Needs a <see cref="KeyValueClient"/>: call <see cref="OrleansKvServiceCollectionExtensions.AddOrleansKvClient"/> too.
    /// </summary>
    public static IServiceCollection AddOrleansKvDistributedCache(
        this IServiceCollection services, Action<OrleansKvDistributedCacheOptions>? configure = null)
    {
        var options = services.AddOptions<OrleansKvDistributedCacheOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.Replace(ServiceDescriptor.Singleton<IDistributedCache, OrleansKvDistributedCache>());
        return services;
    }
}
