using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansKv.Api.Limits;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Ring;
using OrleansKv.Grains.Storage;
using OrleansKv.Grains.Time;
using OrleansKv.Silo.Membership;
using OrleansKv.Silo.Tracing;

namespace OrleansKv.UnitTests.Configuration;

/// <summary>
/// Each options class validates itself (its annotations and rules, beside it) through the node's
/// registrations, with messages that name the full setting; settings that were renamed or removed
/// are refused with what replaced them.
/// </summary>
public sealed class OptionsValidationTests
{
    private static readonly Dictionary<string, string?> Valid = new() { ["OrleansKv:Storage:DataDirectory"] = "/tmp/unused" };

    public static TheoryData<string, string, Type> Invalid => new()
    {
        { "OrleansKv:Ring:VirtualNodesPerNode", "0", typeof(RingOptions) },
        { "OrleansKv:Ring:RefreshInterval", "00:00:00", typeof(RingOptions) },
        { "OrleansKv:Ring:BootstrapWait", "-00:00:01", typeof(RingOptions) },
        { "OrleansKv:Replication:MaxBatchSize", "0", typeof(ReplicationOptions) },
        { "OrleansKv:Storage:FsyncIntervalMs", "-2", typeof(StorageOptions) },
        { "OrleansKv:Clock:HighWaterReserve", "00:00:03", typeof(ClockOptions) },
        { "OrleansKv:Tombstones:AliveRecordInterval", "10.00:00:00", typeof(TombstoneOptions) },
        { "OrleansKv:Limits:MaxRequestHeadersBytes", "100", typeof(HttpLimitsOptions) },
        { "OrleansKv:Membership:NumMissedProbesLimit", "0", typeof(MembershipTimingOptions) },
        { "OrleansKv:Tracing:SampleRatio", "1.5", typeof(TracingOptions) },
        { "OrleansKv:Tracing:OtlpEndpoint", "collector:4317", typeof(TracingOptions) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void A_bad_value_is_refused_with_a_message_that_names_the_setting(string key, string value, Type options)
    {
        var failure = Validate(options, new Dictionary<string, string?>(Valid) { [key] = value });

        Assert.NotNull(failure);
        Assert.Contains(key + " must", failure);
    }

    [Fact]
    public void A_node_without_a_data_directory_is_refused()
    {
        var failure = Validate(typeof(StorageOptions), new Dictionary<string, string?> { ["OrleansKv:Storage:DataDirectory"] = " " });

        Assert.NotNull(failure);
        Assert.Contains("OrleansKv:Storage:DataDirectory is required.", failure);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        foreach (var options in Invalid.Select(row => (Type)row[2]).Distinct())
        {
            Assert.Null(Validate(options, Valid));
        }
    }

    [Theory]
    [InlineData("OrleansKv:Storage:SyncWrites", "true", "OrleansKv:Storage:FsyncIntervalMs")]
    [InlineData("OrleansKv:Storage:SyncWrites", "false", "OrleansKv:Storage:FsyncIntervalMs")]
    [InlineData("OrleansKv:Storage:MaxWriteBatch", "64", "1024")]
    [InlineData("OrleansKv:Storage:PipelinedWrite", "true", "OrleansKv:Experimental:PipelinedWrite")]
    [InlineData("OrleansKv:Replication:ReadFanout", "Required", "OrleansKv:Experimental:ReadFanout")]
    public void A_retired_setting_stops_the_node_with_what_replaced_it(string key, string value, string instead)
    {
        var failure = Validate(typeof(StorageOptions), new Dictionary<string, string?>(Valid) { [key] = value });

        Assert.NotNull(failure);
        Assert.Contains($"{key} is no longer read", failure);
        Assert.Contains(instead, failure);
    }

    /// <summary>The failure message of reading <paramref name="options"/> as the node registers it, or null when it is valid.</summary>
    private static string? Validate(Type options, IReadOnlyDictionary<string, string?> settings)
    {
        using var provider = NodeServices.Register(settings).BuildServiceProvider();
        var accessor = typeof(IOptions<>).MakeGenericType(options);
        try
        {
            _ = accessor.GetProperty(nameof(IOptions<object>.Value))!.GetValue(provider.GetRequiredService(accessor));
            return null;
        }
        catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is OptionsValidationException validation)
        {
            return validation.Message;
        }
    }
}
