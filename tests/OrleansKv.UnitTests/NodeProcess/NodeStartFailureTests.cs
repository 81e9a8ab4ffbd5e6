using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService;
using OrleansKv.Grains.Rebalancing;
using OrleansKv.Silo.Membership;
using OrleansKv.Silo.Node;

namespace OrleansKv.UnitTests.NodeProcess;

/// <summary>What a failed start means: try again, or which exit code (and whether a supervisor should restart).</summary>
public sealed class NodeStartFailureTests
{
    private static readonly NodeSettings Settings = new(4, "/data", IPAddress.Loopback, 8004, 11114, 30004, 3, null);

    [Fact]
    public void A_removed_node_id_stops_for_good_with_78_even_when_orleans_wraps_the_failure()
    {
        var failure = new OrleansException("lifecycle start failed", new AggregateException(new RemovedFromRingException("node4 was removed from the ring (epoch 7)")));

        var outcome = NodeStartFailure.Of(failure, Settings)!;

        Assert.False(outcome.Retry);
        Assert.Equal(NodeExitCode.DoNotRestart, outcome.ExitCode);
        Assert.Equal(78, outcome.ExitCode);
        Assert.Contains("node4 stops for good (exit code 78", outcome.Message);
        Assert.Contains("was removed from the ring", outcome.Message);
    }

    [Fact]
    public void A_cluster_certificate_other_than_the_running_nodes_stops_for_good_with_78()
    {
        var outcome = NodeStartFailure.Of(new ClusterCertificateMismatchException("node4 cannot join this cluster: it has no cluster certificate"), Settings)!;

        Assert.False(outcome.Retry);
        Assert.Equal(NodeExitCode.DoNotRestart, outcome.ExitCode);
        Assert.Contains("cannot join this cluster", outcome.Message);
    }

    [Fact]
    public void Peers_that_do_not_answer_yet_and_a_membership_store_out_of_reach_are_tried_again()
    {
        var unreachable = new OrleansException("start failed", new OrleansClusterConnectivityCheckFailedException("Failed to get ping responses from 1 of 2 active silos."));
        var storeDown = new NpgsqlException("Failed to connect to 10.77.0.1:5432", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));

        Assert.True(NodeStartFailure.Of(unreachable, Settings)!.Retry);
        Assert.True(NodeStartFailure.Of(storeDown, Settings)!.Retry);
    }

    [Fact]
    public void An_invalid_setting_exits_2_and_names_it()
    {
        var outcome = NodeStartFailure.Of(new OptionsValidationException("x", typeof(object), ["OrleansKv:Membership:ProbeTimeout must be positive."]), Settings)!;

        Assert.False(outcome.Retry);
        Assert.Equal(NodeExitCode.InvalidConfiguration, outcome.ExitCode);
        Assert.Contains("OrleansKv:Membership:ProbeTimeout", outcome.Message);
    }

    [Fact]
    public void Another_known_start_failure_exits_1_and_an_unknown_one_stays_an_exception()
    {
        Assert.Equal(NodeExitCode.StartFailed, NodeStartFailure.Of(new IOException("Address already in use"), Settings)!.ExitCode);
        Assert.Null(NodeStartFailure.Of(new NullReferenceException(), Settings));
    }
}
