using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Listing;

/// <summary>
/// A listing that runs while the cluster changes under it, with real processes: a node joins
/// (the ring changes and ranges stream) between pages, then a node is killed between pages.
/// Every key that exists unchanged for the whole listing comes back exactly once.
/// </summary>
public sealed class ListingAcrossChangesTests
{
    private const int Keys = 600;

    [Fact]
    public async Task Pages_go_on_across_a_join_and_a_kill_without_repeating_or_losing_a_key()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        await RingProbe.WaitUntilSettledAsync(cluster[1], ["node1", "node2", "node3"]);
        var keys = Enumerable.Range(0, Keys).Select(i => $"across:{i:D4}").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, _) =>
        {
            var put = await cluster[1 + int.Parse(key["across:".Length..]) % 3].Http.PutAsync($"/keys/{key}", """{"value": 1, "consistency": "all"}""");
            Assert.Equal(HttpStatusCode.OK, put.Status);
        });

        var listed = new List<string>();
        string? cursor = null;
        var page = 0;
        do
        {
            var answer = await cluster[1 + page % 2].Http.GetJsonAsync($"/keys?prefix=across:&limit=50{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.True(answer.Status == HttpStatusCode.OK, $"page {page}: {(int)answer.Status} {answer.Body}");
            listed.AddRange(answer.Body.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!));
            cursor = answer.Body.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
            page++;
            if (page == 3)
            {
                // A join: the ring changes, ranges stream to node4, ownership moves.
                var node4 = cluster.Add(new TestNode(4, cluster.DataDirectory));
                node4.Start();
                await RingProbe.WaitUntilSettledAsync(cluster[1], ["node1", "node2", "node3", "node4"]);
            }
            else if (page == 6)
            {
                // A failure: quorum pages go on with the other replicas.
                await cluster[3].KillAsync();
                await cluster.WaitUntilSeenDownAsync(cluster[1], "node3");
            }
        }
        while (cursor is not null);

        Assert.True(page > 6, $"only {page} pages: the changes did not happen between pages");
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(keys, listed.Order(StringComparer.Ordinal));
    }
}
