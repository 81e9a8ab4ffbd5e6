using Microsoft.Extensions.DependencyInjection;

namespace OrleansKv.Client;

public static class KeyValueClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="KeyValueClient"/> as a singleton. The host must also configure an
    /// Orleans client (<c>UseOrleansClient</c>) or be a silo, which provides <see cref="IGrainFactory"/>.
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
            sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<KeyValueClientOptions>>()));
        return services;
    }
}
