using System.Text.Json;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>What the ring and the nodes' stores look like over HTTP, for tests of ring changes.</summary>
public static class RingProbe
{
    /// <summary>The ring <paramref name="observer"/> follows: epoch, whether a change runs, and each member's state.</summary>
    public static async Task<(long Epoch, bool ChangeInProgress, Dictionary<string, string> States)> RingAsync(TestNode observer)
    {
        var ring = await observer.Http.GetJsonAsync("/admin/ring");
        var states = ring.Body.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("node_id").GetString()!, n => n.GetProperty("state").GetString()!);
        return (ring.Body.GetProperty("epoch").GetInt64(), ring.Body.GetProperty("change_in_progress").GetBoolean(), states);
    }

    /// <summary>Waits until <paramref name="observer"/> follows a settled ring whose members are exactly <paramref name="members"/>, all normal.</summary>
    public static Task WaitUntilSettledAsync(TestNode observer, IEnumerable<string> members, TimeSpan? timeout = null)
    {
        var expected = members.Order().ToArray();
        return Poll.UntilAsync(
            async () =>
            {
                var (_, changing, states) = await RingAsync(observer);
                return !changing && states.Keys.Order().SequenceEqual(expected) && states.Values.All(s => s == "normal");
            },
            $"{observer.NodeId} to follow a settled ring of {string.Join(", ", expected)}", timeout ?? TimeSpan.FromSeconds(90));
    }

    /// <summary>Live keys held by the node's own store.</summary>
    public static async Task<long> LocalKeysAsync(TestNode node)
    {
        var status = await node.Http.GetJsonAsync("/admin/status");
        return status.Body.GetProperty("local_keys").GetInt64();
    }

    /// <summary>Waits until the nodes together hold exactly <paramref name="copies"/> live keys (cleanup of lost ranges runs in the background).</summary>
    public static Task WaitUntilCopiesAsync(IEnumerable<TestNode> nodes, long copies) =>
        Poll.UntilAsync(
            async () => (await Task.WhenAll(nodes.Select(LocalKeysAsync))).Sum() == copies,
            $"the nodes to hold {copies} copies in all", TimeSpan.FromSeconds(60));

    public static JsonElement Streaming(HttpJson.Reply status) => status.Body.GetProperty("streaming");
}
