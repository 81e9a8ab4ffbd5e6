using OrleansKv.Grains.Replica;


namespace OrleansKv.UnitTests.Coordination;

public sealed class ReplicaBatcherTests
{
    /// <summary>A destination whose batches complete only when the test says so.</summary>
    private sealed class GatedDestination
    {
        public List<(int[] Batch, TaskCompletionSource<int[]> Reply)> Sent { get; } = [];

        public Task<int[]> SendAsync(int[] batch)
        {
            var reply = new TaskCompletionSource<int[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (Sent)
            {
                Sent.Add((batch, reply));
            }

            return reply.Task;
        }

        public void Answer(int index) => Sent[index].Reply.SetResult(Sent[index].Batch.Select(x => x * 10).ToArray());
    }

    [Fact]
    public async Task An_idle_destination_gets_each_request_at_once_alone()
    {
        var destination = new GatedDestination();
        var batcher = new ReplicaBatcher<int, int>(destination.SendAsync, maxInFlight: 2, maxBatch: 100);

        var reply = batcher.SendAsync(1);
        destination.Answer(0);

        Assert.Equal(10, await reply);
        Assert.Equal([1], destination.Sent[0].Batch);
    }

    [Fact]
    public async Task Requests_queued_while_the_destination_is_busy_travel_together_in_the_next_batch()
    {
        var destination = new GatedDestination();
        var batcher = new ReplicaBatcher<int, int>(destination.SendAsync, maxInFlight: 1, maxBatch: 100);

        var first = batcher.SendAsync(1);
        var queued = Enumerable.Range(2, 5).Select(batcher.SendAsync).ToArray();
        Assert.Single(destination.Sent);

        destination.Answer(0);
        await first;
        await WaitUntil(() => destination.Sent.Count == 2);
        destination.Answer(1);

        var replies = await Task.WhenAll(queued);
        Assert.Equal([2, 3, 4, 5, 6], destination.Sent[1].Batch);
        Assert.Equal([20, 30, 40, 50, 60], replies);
    }

    [Fact]
    public async Task A_batch_never_exceeds_the_maximum_size()
    {
        var destination = new GatedDestination();
        var batcher = new ReplicaBatcher<int, int>(destination.SendAsync, maxInFlight: 1, maxBatch: 3);

        var all = Enumerable.Range(1, 7).Select(batcher.SendAsync).ToArray();
        for (var i = 0; i < 3; i++)
        {
            await WaitUntil(() => destination.Sent.Count > i);
            destination.Answer(i);
        }

        await Task.WhenAll(all);
        Assert.Equal([[1], [2, 3, 4], [5, 6, 7]], destination.Sent.Select(s => s.Batch).ToArray());
    }

    [Fact]
    public async Task A_failed_batch_fails_its_requests_and_later_requests_still_go()
    {
        var calls = 0;
        var batcher = new ReplicaBatcher<int, int>(
            batch => ++calls == 1 ? Task.FromException<int[]>(new TimeoutException("slow")) : Task.FromResult(batch),
            maxInFlight: 1, maxBatch: 10);

        await Assert.ThrowsAsync<TimeoutException>(() => batcher.SendAsync(1));
        Assert.Equal(2, await batcher.SendAsync(2));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 5 s");
            await Task.Yield();
        }
    }
}
