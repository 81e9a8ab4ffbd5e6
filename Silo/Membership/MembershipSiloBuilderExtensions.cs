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
        silo.Services.AddOptions<MembershipTimingOptions>().BindConfiguration(ConfigurationSection)
            .Validate(o => o.ProbeTimeout > TimeSpan.Zero, "OrleansKv:Membership:ProbeTimeout must be positive.")
            .Validate(o => o.NumMissedProbesLimit >= 1, "OrleansKv:Membership:NumMissedProbesLimit must be at least 1.")
            .Validate(o => o.NumVotesForDeathDeclaration >= 1, "OrleansKv:Membership:NumVotesForDeathDeclaration must be at least 1.")
            .ValidateOnStart();
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
