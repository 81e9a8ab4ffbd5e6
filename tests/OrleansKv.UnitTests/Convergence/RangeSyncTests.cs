using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansKv.Grains.Convergence;
using OrleansKv.Grains.Jobs;
using OrleansKv.Grains.Replica;
using OrleansKv.Grains.Storage;
using OrleansKv.Jobs;
using OrleansKv.Ring;
using OrleansKv.Versioning;

namespace OrleansKv.UnitTests.Convergence;

/// <summary>Two real stores, compared through <see cref="RangeSync"/>: the Merkle descent finds exactly the keys that differ.</summary>
public sealed class RangeSyncTests : IAsyncLifetime
{
    private const int Keys = 5000;
    private readonly TestDirectory _directory = new();
    private NodeDatabase _localDb = null!;
    private NodeDatabase _peerDb = null!;
    private RocksDbKeyValueStore _local = null!;
    private RocksDbKeyValueStore _peer = null!;
    private LocalReplica _peerReplica = null!;

    public async Task InitializeAsync()
    {
        _localDb = NodeDatabase.Open(Path.Combine(_directory.Path, "a"));
        _peerDb = NodeDatabase.Open(Path.Combine(_directory.Path, "b"));
        _local = new RocksDbKeyValueStore(_localDb, new StorageOptions());
        _peer = new RocksDbKeyValueStore(_peerDb, new StorageOptions());
        var liveness = new ReplicaReadiness(new NodeMetadataStore(_peerDb), Options.Create(new TombstoneOptions()), TimeProvider.System, "peer", NullLogger<ReplicaReadiness>.Instance);
        liveness.ConfirmNewNode();
        _peerReplica = new LocalReplica(_peer, liveness);
        for (var i = 0; i < Keys; i++)
        {
            var value = Value($"key-{i}", 1000 + i);
            await _local.ApplyAsync($"key-{i}", value);
            await _peer.ApplyAsync($"key-{i}", value);
        }
    }

    public async Task DisposeAsync()
    {
        await _local.DisposeAsync();
        await _peer.DisposeAsync();
        _localDb.Dispose();
        _peerDb.Dispose();
        _directory.Dispose();
    }

    private static VersionedValue Value(string text, long timestamp) => new(new ValueVersion(timestamp << 16, "node1"), Encoding.UTF8.GetBytes(text));

    private async Task<JobRun> SyncAsync()
    {
        var progress = new JobRun(JobKind.Repair, "local", 0, TimeProvider.System);
        var sync = new RangeSync(_local, _peerReplica, progress, new AntiEntropyOptions { LeafKeys = 16 }, collectableBefore: 0, dropOrphans: false);
        var local = RangeSummarizer.Summarize(_local, [TokenRange.Full], 1)[0];
        var remote = RangeSummarizer.Summarize(_peer, [TokenRange.Full], 1)[0];
        await sync.SyncAsync(TokenRange.Full, local, remote, CancellationToken.None);
        return progress;
    }

    private void AssertIdentical() =>
        Assert.Equal(RangeSummarizer.Summarize(_local, [TokenRange.Full], 1)[0], RangeSummarizer.Summarize(_peer, [TokenRange.Full], 1)[0]);

    [Fact]
    public async Task Identical_ranges_have_equal_summaries_and_exchange_nothing_but_the_root()
    {
        Assert.Equal(RangeSummarizer.Summarize(_local, [TokenRange.Full], 16), RangeSummarizer.Summarize(_peer, [TokenRange.Full], 16));

        var status = (await SyncAsync()).Snapshot();

        Assert.Equal(0, status.KeysExchanged);
        Assert.Equal(0, status.BytesSent + status.BytesReceived);
    }

    [Fact]
    public async Task One_changed_version_shows_up_as_exactly_that_key_and_the_newer_side_wins()
    {
        await _peer.ApplyAsync("key-42", Value("newer", 90_000));

        var status = (await SyncAsync()).Snapshot();

        Assert.Equal((0, 1), (status.KeysSent, status.KeysReceived));
        Assert.Equal("newer", Encoding.UTF8.GetString(_local.Get("key-42")!.Value!));
        AssertIdentical();
        // A few hash levels and one leaf of digests, not the data set.
        Assert.InRange(status.BytesReceived, 1, 16 * 1024);
    }

    [Fact]
    public async Task One_extra_key_shows_up_as_exactly_that_key_and_is_pushed_to_the_peer()
    {
        await _local.ApplyAsync("only-here", Value("extra", 5));

        var status = (await SyncAsync()).Snapshot();

        Assert.Equal((1, 0), (status.KeysSent, status.KeysReceived));
        Assert.Equal("extra", Encoding.UTF8.GetString(_peer.Get("only-here")!.Value!));
        AssertIdentical();
    }

    [Fact]
    public async Task One_tombstone_shows_up_as_exactly_that_key_and_the_delete_spreads()
    {
        await _peer.ApplyAsync("key-7", VersionedValue.Tombstone(new ValueVersion(90_000L << 16, "node2")));

        var status = (await SyncAsync()).Snapshot();

        Assert.Equal((0, 1), (status.KeysSent, status.KeysReceived));
        Assert.True(_local.Get("key-7")!.IsTombstone);
        AssertIdentical();
    }

    [Fact]
    public async Task A_node_that_was_away_too_long_drops_old_keys_its_peer_lacks_instead_of_resurrecting_them()
    {
        // The peer purged the tombstone of "gone" long ago; this side still has the old value.
        await _local.ApplyAsync("gone", Value("old", 10));
        var progress = new JobRun(JobKind.Repair, "local", 0, TimeProvider.System);
        var sync = new RangeSync(_local, _peerReplica, progress, new AntiEntropyOptions { LeafKeys = 16 }, collectableBefore: 500L << 16, dropOrphans: true);

        await sync.SyncAsync(
            TokenRange.Full, RangeSummarizer.Summarize(_local, [TokenRange.Full], 1)[0], RangeSummarizer.Summarize(_peer, [TokenRange.Full], 1)[0], CancellationToken.None);

        Assert.Null(_local.Get("gone"));
        Assert.Null(_peer.Get("gone"));
        Assert.Equal(0, progress.Snapshot().KeysSent);
    }
}
