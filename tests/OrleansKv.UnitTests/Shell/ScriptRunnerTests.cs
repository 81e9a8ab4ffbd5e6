using Microsoft.Extensions.Time.Testing;
using OrleansKv.Shell;
using OrleansKv.Shell.Commands;
using OrleansKv.Shell.Execution;
using OrleansKv.Shell.Rendering;
using OrleansKv.Shell.Repl;

namespace OrleansKv.UnitTests.Shell;

public sealed class ScriptRunnerTests
{
    private readonly FakeKeyValueCluster _cluster = new();
    private readonly StringWriter _output = new() { NewLine = "\n" };
    private readonly StringWriter _errors = new() { NewLine = "\n" };

    [Fact]
    public async Task A_script_whose_commands_all_succeed_exits_zero_with_results_in_plain_text()
    {
        var exit = await Run("put a 'hello there'\n# comment\n\nget a\nstatus");

        Assert.Equal(ShellExitCodes.Success, exit);
        Assert.Contains("OK put a\n", _output.ToString());
        Assert.Contains("a = \"hello there\"\n", _output.ToString());
        Assert.Contains("node1 is up\n", _output.ToString());
        Assert.DoesNotContain('\u001b', _output.ToString());
        Assert.Empty(_errors.ToString());
    }

    [Fact]
    public async Task A_script_with_a_failing_command_runs_the_rest_and_exits_non_zero()
    {
        _cluster.Down.Add("node2");

        var exit = await Run("bogus\nswitch 2\nget a\nswitch 1\nput a 1");

        Assert.Equal(ShellExitCodes.CommandFailed, exit);
        Assert.Contains("error: unknown command 'bogus'", _errors.ToString());
        Assert.Contains("error: node2 is down", _errors.ToString());
        Assert.Contains("OK put a\n", _output.ToString());
    }

    [Fact]
    public async Task Quit_ends_a_script_early()
    {
        var exit = await Run("quit\nbogus");

        Assert.Equal(ShellExitCodes.Success, exit);
        Assert.Empty(_errors.ToString());
    }

    [Fact]
    public async Task Semicolon_separated_commands_run_in_order()
    {
        var exit = await new ScriptRunner(Runner()).RunAsync(CommandTokenizer.SplitStatements("put k v; get k one; delete k"));

        Assert.Equal(ShellExitCodes.Success, exit);
        var output = _output.ToString();
        Assert.True(output.IndexOf("OK put k") < output.IndexOf("k = \"v\"") && output.IndexOf("k = \"v\"") < output.IndexOf("OK delete k"), output);
    }

    private Task<int> Run(string script) =>
        new ScriptRunner(Runner()).RunAsync(ScriptRunner.LinesOf(new StringReader(script)));

    private CommandRunner Runner() => new(
        new CommandExecutor(_cluster, 1, TimeSpan.FromSeconds(5), new FakeTimeProvider()),
        new PlainResultRenderer(_output, _errors));
}
