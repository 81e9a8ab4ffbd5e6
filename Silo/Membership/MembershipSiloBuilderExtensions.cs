using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace OrleansKv.Silo.Membership;

public static class MembershipSiloBuilderExtensions
{
    public const string ConfigurationSection = "OrleansKv:Membership";

    /// <summary>AdoNet clustering on the given store, with OrleansKv's failure-detection timings.</summary>
    public static ISiloBuilder UseKeyValueClustering(this ISiloBuilder silo, string invariant, string connectionString)
    {
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
        silo.Services.AddOptions<MembershipTimingOptions>().BindConfiguration(ConfigurationSection).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipTimingOptions>, MembershipTimingOptionsValidator>());
        silo.Services.AddOptions<ClusterMembershipOptions>().Configure<IOptions<MembershipTimingOptions>>((membership, timing) =>
        {
            membership.ProbeTimeout = timing.Value.ProbeTimeout;
            membership.NumMissedProbesLimit = timing.Value.NumMissedProbesLimit;
            membership.NumVotesForDeathDeclaration = timing.Value.NumVotesForDeathDeclaration;
            membership.TableRefreshTimeout = timing.Value.TableRefreshTimeout;
            membership.IAmAliveTablePublishTimeout = timing.Value.IAmAliveTablePublishTimeout;
        });
        return silo;
    }
}
