using System.Collections.Concurrent;
using System.Net;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>
/// Writers and readers at <c>quorum</c> running while a test changes the cluster. Key i holds
/// an increasing sequence number; each key has one writer, so its acknowledged writes are
/// ordered. A read that starts after a write of the key was acknowledged must see that value
/// or a newer one: anything else (missing, older, or a failed request) is recorded.
/// </summary>
public sealed class QuorumLoad : ClientWorkers
{
    private const int Writers = 2;
    private const int Readers = 2;
    private readonly int _keys;
    private readonly Func<TestNode[]> _nodes;
    private readonly long[] _acknowledged;
    private long _writes;
    private long _reads;

    /// <param name="keys">Keys load-0..load-(keys-1), each already written with value 0 (see <see cref="SeedAsync"/>).</param>
    /// <param name="nodes">The nodes to send requests through (asked again for every request, so joined nodes take part).</param>
    private QuorumLoad(int keys, Func<TestNode[]> nodes)
    {
        _keys = keys;
        _nodes = nodes;
        _acknowledged = new long[keys];
        Start([.. Enumerable.Range(0, Writers).Select<int, Func<Task>>(w => () => WriteAsync(w)), .. Enumerable.Range(0, Readers).Select<int, Func<Task>>(r => () => ReadAsync(r))]);
    }

    public ConcurrentQueue<string> Problems { get; } = new();

    public long Writes => Interlocked.Read(ref _writes);

    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Writes every key once at quorum (value 0) with some concurrency, then starts the load.</summary>
    public static async Task<QuorumLoad> StartAsync(int keys, Func<TestNode[]> nodes)
    {
        await SeedAsync(keys, nodes());
        return new QuorumLoad(keys, nodes);
    }

    public static async Task SeedAsync(int keys, TestNode[] nodes)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, keys), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var put = await nodes[i % nodes.Length].Http.PutAsync($"/keys/{Key(i)}", """{"value": 0, "consistency": "quorum"}""");
            if (put.Status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Seeding {Key(i)} answered {(int)put.Status}: {put.Body}");
            }
        });
    }

    public static string Key(int i) => $"load-{i}";

    /// <summary>The newest acknowledged value of key i.</summary>
    public long AcknowledgedValue(int i) => Interlocked.Read(ref _acknowledged[i]);

    private async Task WriteAsync(int writer)
    {
        var random = new Random(writer);
        while (!IsStopping)
        {
            // Writer w owns the keys i with i % Writers == w: one writer per key.
            var i = random.Next(_keys / Writers) * Writers + writer;
            var next = Interlocked.Read(ref _acknowledged[i]) + 1;
            var node = Pick(random);
            try
            {
                var put = await node.Http.PutAsync($"/keys/{Key(i)}", $$"""{"value": {{next}}, "consistency": "quorum"}""");
                if (put.Status == HttpStatusCode.OK)
                {
                    Interlocked.Exchange(ref _acknowledged[i], next);
                    Interlocked.Increment(ref _writes);
                }
                else
                {
                    Problems.Enqueue($"write of {Key(i)} through {node.NodeId} answered {(int)put.Status}: {put.Body}");
                }
            }
            catch (Exception ex) when (!IsStopping)
            {
                Problems.Enqueue($"write of {Key(i)} through {node.NodeId} failed: {ex.Message}");
            }
            catch (Exception) when (IsStopping)
            {
                return;
            }
        }
    }

    private async Task ReadAsync(int reader)
    {
        var random = new Random(100 + reader);
        while (!IsStopping)
        {
            var i = random.Next(_keys);
            var before = Interlocked.Read(ref _acknowledged[i]);
            var node = Pick(random);
            try
            {
                var get = await node.Http.GetJsonAsync($"/keys/{Key(i)}?consistency=quorum");
                if (get.Status != HttpStatusCode.OK)
                {
                    Problems.Enqueue($"read of {Key(i)} through {node.NodeId} answered {(int)get.Status}: {get.Body}");
                }
                else if (get.Body.GetProperty("value").GetInt64() < before)
                {
                    Problems.Enqueue($"read of {Key(i)} through {node.NodeId} returned {get.Body.GetProperty("value")}, older than acknowledged {before}");
                }

                Interlocked.Increment(ref _reads);
            }
            catch (Exception ex) when (!IsStopping)
            {
                Problems.Enqueue($"read of {Key(i)} through {node.NodeId} failed: {ex.Message}");
            }
            catch (Exception) when (IsStopping)
            {
                return;
            }
        }
    }

    private TestNode Pick(Random random)
    {
        var nodes = _nodes();
        return nodes[random.Next(nodes.Length)];
    }
}
