using OrleansKv.Shell.Repl;

namespace OrleansKv.UnitTests.Shell;

public sealed class CommandHistoryTests
{
    [Fact]
    public void History_is_kept_across_sessions_without_blanks_or_immediate_repeats()
    {
        using var directory = new TestDirectory();
        var file = Path.Combine(directory.Path, "shell_history");

        var first = new CommandHistory(file);
        first.Add("put a 1");
        first.Add("put a 1");
        first.Add("  ");
        first.Add("get a ");

        Assert.Equal(["put a 1", "get a"], new CommandHistory(file).Entries);
    }

    [Fact]
    public void History_keeps_only_the_most_recent_lines()
    {
        using var directory = new TestDirectory();
        var file = Path.Combine(directory.Path, "shell_history");
        File.WriteAllLines(file, Enumerable.Range(1, 10).Select(i => $"get k{i}"));

        var history = new CommandHistory(file, capacity: 3);
        history.Add("nodes");

        Assert.Equal(["get k9", "get k10", "nodes"], history.Entries);
    }

    [Fact]
    public void A_history_file_that_cannot_be_written_is_ignored()
    {
        using var directory = new TestDirectory();
        var history = new CommandHistory(Path.Combine(directory.Path, "missing-dir", "shell_history"));

        history.Add("ring");

        Assert.Equal(["ring"], history.Entries);
    }
}
