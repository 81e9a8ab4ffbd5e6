using System.Text;
using OrleansKv.Client;
using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Errors;
using OrleansKv.Results;

namespace OrleansKv.IntegrationTests.Listing;

/// <summary>Listing keys page by page across a 3-node cluster (RF 3), through the coordinator grain.</summary>
public sealed class KeyListingTests : IAsyncLifetime
{
    private KeyValueTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await KeyValueTestCluster.StartAsync(3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task WriteAsync(IEnumerable<string> keys, ConsistencyLevel level = ConsistencyLevel.Quorum) =>
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, _) =>
            await _cluster.Coordinator("node1").PutAsync(key, Encoding.UTF8.GetBytes($"\"{key}\""), level));

    private async Task<List<ListedKey>> ListAllAsync(string prefix, int limit, string node = "node2", Func<int, Task>? betweenPages = null)
    {
        var all = new List<ListedKey>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _cluster.Coordinator(node).ListKeysAsync(prefix, limit, cursor, ConsistencyLevel.Quorum);
            Assert.True(page.Keys.Length <= limit);
            all.AddRange(page.Keys);
            cursor = page.NextCursor;
            if (betweenPages is not null && cursor is not null)
            {
                await betweenPages(++pages);
            }
        }
        while (cursor is not null);

        return all;
    }

    [Fact]
    public async Task Pages_list_every_live_key_with_the_prefix_exactly_once_and_leave_out_deleted_and_other_keys()
    {
        var keys = Enumerable.Range(0, 700).Select(i => $"list:{i:D4}").ToList();
        await WriteAsync(keys);
        await WriteAsync(Enumerable.Range(0, 50).Select(i => $"other:{i}"));
        foreach (var deleted in keys.Take(20))
        {
            await _cluster.Coordinator("node3").DeleteAsync(deleted, ConsistencyLevel.Quorum);
        }

        var listed = await ListAllAsync("list:", limit: 64);

        var names = listed.Select(k => k.Key).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(keys.Skip(20).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.All(listed, k => Assert.Equal($"\"{k.Key}\"", Encoding.UTF8.GetString(k.Value)));
    }

    [Fact]
    public async Task Asking_again_with_the_same_cursor_gives_the_same_page()
    {
        await WriteAsync(Enumerable.Range(0, 100).Select(i => $"again:{i}"), ConsistencyLevel.All);
        var first = await _cluster.Coordinator("node1").ListKeysAsync("again:", 30, null, ConsistencyLevel.Quorum);

        var second = await _cluster.Coordinator("node3").ListKeysAsync("again:", 30, first.NextCursor, ConsistencyLevel.Quorum);
        var repeated = await _cluster.Coordinator("node2").ListKeysAsync("again:", 30, first.NextCursor, ConsistencyLevel.One);

        Assert.Equal(second.Keys.Select(k => k.Key), repeated.Keys.Select(k => k.Key));
        Assert.Empty(first.Keys.Select(k => k.Key).Intersect(second.Keys.Select(k => k.Key)));
    }

    [Fact]
    public async Task A_node_that_fails_between_pages_neither_repeats_nor_loses_a_key_at_quorum()
    {
        var keys = Enumerable.Range(0, 300).Select(i => $"fail:{i}").ToList();
        await WriteAsync(keys, ConsistencyLevel.All);

        var listed = await ListAllAsync("fail:", limit: 50, node: "node1", betweenPages: async page =>
        {
            if (page == 2)
            {
                await _cluster.StopNodeAsync("node3");
            }
        });

        Assert.Equal(keys.Order(StringComparer.Ordinal), listed.Select(k => k.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_bad_cursor_a_limit_out_of_range_and_a_prefix_longer_than_a_key_are_refused()
    {
        var coordinator = _cluster.Coordinator("node1");

        var cursor = await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.ListKeysAsync("", 10, "not-a-cursor", ConsistencyLevel.Quorum));
        Assert.Contains("not issued by this API", cursor.Message);
        await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.ListKeysAsync("", 10_001, null, ConsistencyLevel.Quorum));
        await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.ListKeysAsync("", 0, null, ConsistencyLevel.Quorum));
        await Assert.ThrowsAsync<InvalidRequestException>(() => coordinator.ListKeysAsync(new string('k', 5000), 10, null, ConsistencyLevel.Quorum));
    }

    [Fact]
    public async Task A_newer_delete_on_one_replica_hides_the_older_value_of_the_others()
    {
        await WriteAsync(["hidden:a", "hidden:b"], ConsistencyLevel.All);
        var before = await _cluster.Coordinator("node1").ListKeysAsync("hidden:", 10, null, ConsistencyLevel.All);
        Assert.Equal(2, before.Keys.Length);
        var value = await _cluster.Storage("node1").ReadAsync("hidden:a");
        var tombstone = new Versioning.VersionedValue(new Versioning.ValueVersion(value!.Version.Timestamp + 1, "node1"), null);
        await _cluster.Storage("node2").ApplyAsync("hidden:a", tombstone);

        // At `all` every replica answers: node2's tombstone wins over node1's and node3's older value.
        var page = await _cluster.Coordinator("node1").ListKeysAsync("hidden:", 10, null, ConsistencyLevel.All);

        Assert.Equal(["hidden:b"], page.Keys.Select(k => k.Key));
    }

    [Fact]
    public async Task The_client_enumerates_every_key_of_a_prefix_with_its_typed_value_paging_underneath()
    {
        var keys = Enumerable.Range(0, 40).Select(i => $"client-list:{i}").ToList();
        await WriteAsync(keys);
        var client = new KeyValueClient(_cluster.Client, ["node1", "node2"]);

        var listed = new List<KeyValueEntry<string>>();
        await foreach (var entry in client.ListAsync<string>("client-list:", new ListOptions { PageSize = 7 }))
        {
            listed.Add(entry);
        }

        Assert.Equal(keys.Order(StringComparer.Ordinal), listed.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(listed, e => Assert.Equal(e.Key, e.Value));
    }
}
