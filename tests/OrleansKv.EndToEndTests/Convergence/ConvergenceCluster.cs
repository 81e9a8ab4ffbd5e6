using System.Net;
using OrleansKv.EndToEndTests.Infrastructure;

namespace OrleansKv.EndToEndTests.Convergence;

/// <summary>What the convergence tests do to a process cluster: bulk writes, reads of one node's own copy, status and repair.</summary>
internal static class ConvergenceCluster
{
    /// <summary>
    /// Reads at <c>one</c> ask this node first and no other, and never repair in the background,
    /// so a read at <c>one</c> shows the node's own copy: only hints and repairs can change it.
    /// </summary>
    public static readonly string[] OwnCopyReads =
        ["--OrleansKv:Experimental:ReadFanout=Required", "--OrleansKv:ReadRepair:BackgroundChance=0"];

    public static async Task WriteAsync(TestNode coordinator, IEnumerable<string> keys, string level = "quorum")
    {
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(keys.Select(async key =>
        {
            await gate.WaitAsync();
            try
            {
                var put = await coordinator.Http.PutAsync($"/keys/{key}", $$"""{"value": "value of {{key}}", "consistency": "{{level}}"}""");
                Assert.Equal(HttpStatusCode.OK, put.Status);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    public static async Task DeleteAsync(TestNode coordinator, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            var delete = await coordinator.Http.DeleteJsonAsync($"/keys/{key}?consistency=quorum");
            Assert.Equal(HttpStatusCode.OK, delete.Status);
        }
    }

    /// <summary>Keys of <paramref name="keys"/> that <paramref name="node"/> does not yet answer at <paramref name="level"/> with their value.</summary>
    public static async Task<List<string>> MissingAsync(TestNode node, IEnumerable<string> keys, string level = "one")
    {
        var missing = new List<string>();
        foreach (var key in keys)
        {
            var get = await node.Http.GetJsonAsync($"/keys/{key}?consistency={level}");
            if (get.Status != HttpStatusCode.OK || get.Text("value") != $"value of {key}")
            {
                missing.Add(key);
            }
        }

        return missing;
    }

    /// <summary>Waits until <paramref name="node"/> answers every key with its value at <c>one</c>.</summary>
    public static async Task WaitUntilHoldsAsync(TestNode node, IReadOnlyCollection<string> keys, TimeSpan within)
    {
        var remaining = keys.ToList();
        await Poll.UntilAsync(
            async () => (remaining = await MissingAsync(node, remaining)).Count == 0,
            $"{node.NodeId} to answer all {keys.Count} keys at one (still missing e.g. {string.Join(", ", remaining.Take(3))})",
            within);
    }

    public static async Task<HttpJson.Reply> StatusAsync(TestNode node)
    {
        var status = await node.Http.GetJsonAsync("/admin/status");
        Assert.Equal(HttpStatusCode.OK, status.Status);
        return status;
    }

    public static async Task<long> HintsPendingAsync(TestNode node) => (await StatusAsync(node)).Body.GetProperty("hints_pending").GetInt64();

    /// <summary>POST /admin/repair on the node, then polls GET /admin/repair until it is no longer running.</summary>
    public static async Task<HttpJson.Reply> RepairAsync(TestNode node, TimeSpan? within = null)
    {
        var started = await HttpJson.SendAsync(node.Http, new HttpRequestMessage(HttpMethod.Post, "/admin/repair"));
        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        HttpJson.Reply last = started;
        await Poll.UntilAsync(
            async () => (last = await node.Http.GetJsonAsync("/admin/repair")).Text("state") != "running",
            $"the repair of {node.NodeId} to finish", within ?? TimeSpan.FromSeconds(60));
        return last;
    }
}
