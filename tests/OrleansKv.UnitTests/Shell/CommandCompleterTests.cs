using OrleansKv.Shell.Repl;

namespace OrleansKv.UnitTests.Shell;

public sealed class CommandCompleterTests
{
    private readonly CommandCompleter _completer = new(() => [1, 2, 3, 4]);

    [Theory]
    [InlineData("dec", new[] { "decommission" })]
    [InlineData("re", new[] { "replicas", "repair", "remove" })]
    [InlineData("decommission ", new[] { "1", "2", "3", "4" })]
    [InlineData("remove 4", new[] { "4" })]
    [InlineData("help dec", new[] { "decommission" })]
    public void Ring_change_commands_and_their_node_numbers_complete(string typed, string[] expected)
    {
        Assert.Equal(expected, _completer.Complete(typed).Candidates);
    }
}
