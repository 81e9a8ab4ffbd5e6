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
    public async Task Keys_shows_a_page_and_the_cursor_to_go_on_from_and_all_shows_every_page()
    {
        var exit = await Run("put user:1 a\nput user:2 b\nput user:3 c\nput other x\nkeys user: --limit 2\nscan user: --all --limit 2");

        Assert.Equal(ShellExitCodes.Success, exit);
        var output = _output.ToString();
        Assert.Contains("2 keys starting with 'user:', more to come\n", output);
        Assert.Contains("  next --cursor user:2\n", output);
        Assert.Contains("3 keys starting with 'user:'\n", output);
        Assert.Contains("user:3", output[output.IndexOf("3 keys starting", StringComparison.Ordinal)..]);
        Assert.DoesNotContain("other", output[output.IndexOf("2 keys starting", StringComparison.Ordinal)..]);
    }

    [Theory]
    [InlineData("keys --limit 0", "--limit needs a number")]
    [InlineData("keys --limit 10001", "--limit needs a number")]
    [InlineData("keys a b", "too many arguments")]
    [InlineData("scan --cursor", "--cursor needs")]
    public async Task Bad_listing_arguments_are_refused_with_the_usage(string line, string message)
    {
        var exit = await Run(line);

        Assert.Equal(ShellExitCodes.CommandFailed, exit);
        Assert.Contains(message, _errors.ToString());
        Assert.Contains("Usage: ", _errors.ToString());
    }

    [Fact]
    public async Task Export_writes_a_prefix_as_json_lines_and_import_reads_them_back_stopping_at_a_bad_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"orleanskv-export-{Guid.NewGuid():N}.jsonl");
        try
        {
            var exit = await Run($"put app:a 1\nput app:b 2\nput zzz 3\nexport {file} app:");

            Assert.Equal(ShellExitCodes.Success, exit);
            Assert.Contains($"OK export of 2 keys to {file}", _output.ToString());
            var lines = await File.ReadAllLinesAsync(file);
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("{\"key\":\"app:a\",\"value\":\"1\",\"version\":\"", lines[0]);

            await File.AppendAllTextAsync(file, "not json\n");
            exit = await Run($"delete app:a\nimport {file}\nget app:b");

            Assert.Equal(ShellExitCodes.CommandFailed, exit);
            Assert.Contains("line 3: the line is not JSON", _errors.ToString());
            Assert.Contains("2 keys before it were imported", _errors.ToString());
            Assert.Contains("app:b = \"2\"", _output.ToString());
        }
        finally
        {
            File.Delete(file);
        }
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
