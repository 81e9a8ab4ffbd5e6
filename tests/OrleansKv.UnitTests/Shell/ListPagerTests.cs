using Microsoft.Extensions.Time.Testing;
using OrleansKv.Consistency;
using OrleansKv.Shell.Execution;
using OrleansKv.Shell.Rendering;
using OrleansKv.Shell.Repl;

namespace OrleansKv.UnitTests.Shell;

/// <summary>The interactive shell's "more" prompt after a page of keys.</summary>
public sealed class ListPagerTests
{
    private readonly FakeKeyValueCluster _cluster = new();
    private readonly StringWriter _output = new() { NewLine = "\n" };
    private readonly StringWriter _errors = new() { NewLine = "\n" };
    private readonly List<string> _asked = [];

    public ListPagerTests()
    {
        foreach (var i in Enumerable.Range(0, 7))
        {
            _cluster.PutAsync("node1", $"k{i}", "1"u8.ToArray(), ConsistencyLevel.Quorum).GetAwaiter().GetResult();
        }
    }

    [Fact]
    public async Task Enter_at_the_prompt_shows_the_next_page_until_the_last_and_asks_no_more_after_it()
    {
        var (runner, pager) = Pager("", "y", "");

        var last = await pager.PageAsync(await runner.RunAsync("keys k --limit 3"), CancellationToken.None);

        Assert.Equal(2, _asked.Count);
        Assert.Null(Assert.IsType<ListOutcome>(last).NextCursor);
        foreach (var i in Enumerable.Range(0, 7))
        {
            Assert.Contains($"k{i}", _output.ToString());
        }
    }

    [Fact]
    public async Task Q_or_ctrl_c_at_the_prompt_stops_paging()
    {
        var (runner, pager) = Pager("q");
        var stopped = await pager.PageAsync(await runner.RunAsync("keys k --limit 3"), CancellationToken.None);
        var (_, cancelled) = Pager();
        var afterCtrlC = await cancelled.PageAsync(stopped, CancellationToken.None);

        Assert.Equal(2, _asked.Count);
        Assert.NotNull(Assert.IsType<ListOutcome>(stopped).NextCursor);
        Assert.Same(stopped, afterCtrlC);
        Assert.DoesNotContain("k3", _output.ToString());
    }

    [Fact]
    public async Task A_last_page_and_other_commands_ask_nothing()
    {
        var (runner, pager) = Pager();

        await pager.PageAsync(await runner.RunAsync("keys k --limit 10"), CancellationToken.None);
        await pager.PageAsync(await runner.RunAsync("get k1"), CancellationToken.None);

        Assert.Empty(_asked);
    }

    /// <summary>A pager answered with <paramref name="answers"/> in turn, then with Ctrl-C.</summary>
    private (CommandRunner, ListPager) Pager(params string[] answers)
    {
        var runner = new CommandRunner(
            new CommandExecutor(_cluster, 1, TimeSpan.FromSeconds(5), new FakeTimeProvider()), new PlainResultRenderer(_output, _errors));
        var queue = new Queue<string>(answers);
        return (runner, new ListPager(runner, prompt =>
        {
            _asked.Add(prompt);
            return queue.TryDequeue(out var answer) ? new LineReadResult(LineReadStatus.Submitted, answer) : new LineReadResult(LineReadStatus.Cancelled);
        }));
    }
}
