using OrleansKv.TestSupport.Linearizability;

namespace OrleansKv.UnitTests.Linearizability;

/// <summary>
/// Histories made by a simulated linearizable store: each operation takes effect at a random
/// instant inside its interval, and its answer is computed in that order. Such a history is
/// linearizable by construction; altering one answer mostly makes it not.
/// </summary>
public sealed class GeneratedHistoryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_history_of_a_linearizable_store_is_linearizable(int seed)
    {
        var history = SimulatedHistory.Generate(new Random(seed), clients: 5, operationsPerClient: 40);

        var result = Check(history);

        Assert.True(result.Verdict == LinearizabilityVerdict.Linearizable, $"seed {seed}: {result}");
    }

    [Fact]
    public void A_read_of_a_value_nobody_wrote_is_never_linearizable()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            var history = SimulatedHistory.Generate(random, clients: 4, operationsPerClient: 25);
            var reads = Enumerable.Range(0, history.Count).Where(i => history[i].Output.Found).ToList();
            var victim = reads[random.Next(reads.Count)];
            history[victim] = history[victim] with { Output = history[victim].Output with { Value = "invented" } };

            var result = Check(history);

            Assert.True(result.Verdict == LinearizabilityVerdict.NotLinearizable, $"seed {seed}: {result}");
        }
    }

    [Fact]
    public void Altering_one_answer_mostly_makes_a_history_illegal()
    {
        var illegal = 0;
        const int Runs = 40;
        for (var seed = 0; seed < Runs; seed++)
        {
            var random = new Random(1000 + seed);
            var history = SimulatedHistory.Generate(random, clients: 4, operationsPerClient: 25);
            var victim = random.Next(history.Count);
            history[victim] = history[victim] with { Output = SimulatedHistory.Alter(history[victim], random) };

            var result = Check(history);

            Assert.NotEqual(LinearizabilityVerdict.Unknown, result.Verdict);
            illegal += result.Verdict == LinearizabilityVerdict.NotLinearizable ? 1 : 0;
        }

        Assert.True(illegal >= Runs * 3 / 4, $"only {illegal} of {Runs} altered histories were found illegal");
    }

    [Fact]
    public void A_search_that_runs_out_of_time_answers_unknown()
    {
        var history = SimulatedHistory.Generate(new Random(7), clients: 8, operationsPerClient: 200, keys: 1);

        var result = LinearizabilityChecker.Check(KeyValueModel.Instance, history, input => input.Key, TimeSpan.Zero);

        Assert.Equal(LinearizabilityVerdict.Unknown, result.Verdict);
    }

    private static LinearizabilityResult Check(IEnumerable<HistoryOperation<KeyValueInput, KeyValueOutput>> history) =>
        LinearizabilityChecker.Check(KeyValueModel.Instance, history, input => input.Key, Timeout);
}
