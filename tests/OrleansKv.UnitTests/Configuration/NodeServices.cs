using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansKv.Api;
using OrleansKv.Grains.Hosting;
using OrleansKv.Silo.Membership;
using OrleansKv.Silo.Tracing;

namespace OrleansKv.UnitTests.Configuration;

/// <summary>
/// The services a node registers (its silo part, membership, HTTP API and tracing settings, as the node process
/// calls them) against a given configuration, without starting anything.
/// </summary>
internal static class NodeServices
{
    public static ServiceCollection Register(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        new Silo(services, configuration)
            .UseKeyValueClustering("Microsoft.Data.Sqlite", "Data Source=unused.db")
            .AddKeyValueNode();
        services.AddKeyValueApi();
        services.AddTracingOptions();
        return services;
    }

    private sealed class Silo(IServiceCollection services, IConfiguration configuration) : ISiloBuilder
    {
        public IServiceCollection Services => services;

        public IConfiguration Configuration => configuration;
    }
}
