using CsCheck;
using Microsoft.Extensions.Time.Testing;
using OrleansKv.Shell.Commands;
using OrleansKv.Shell.Execution;
using OrleansKv.Shell.Rendering;
using OrleansKv.Shell.Repl;

namespace OrleansKv.UnitTests.Shell;

/// <summary>
/// Property-based fuzzing of the shell's input path: random and adversarial lines (any UTF-16,
/// lone surrogates and control characters included; unbalanced quotes; huge tokens; every
/// command word with random arguments) through the tokenizer and parser, then through the whole
/// runner (executor on the fake cluster, plain renderer). Nothing may throw, and every line is
/// blank, a command, or a one-line error that says what to do. A failure prints CsCheck's seed
/// (<c>CsCheck_Seed=…</c> replays it); <c>ORLEANSKV_FUZZ_ITERATIONS</c> sets the number of lines.
/// </summary>
public sealed class CommandFuzzTests
{
    private static readonly string[] Arguments =
    [
        "one", "quorum", "all", "ONE", "Quorum", "most", "0", "1", "3", "-1", "node2", "NODE3", "node", "node0", "node-1",
        "99999999999999999999", "--json", "--JSON", "--ttl", "--TTL", "--", "---", "-", "--ttl=5", "1.5", "1e-300", "1e308", "NaN",
        "Infinity", "{\"a\":1}", "[1,2", "\"\\ud800\"", "null", "'", "\"", "\\", "\\\"", "#", ";", "put", "get", "help",
    ];

    private static readonly string[] Separators = [" ", "  ", "\t", "\u00a0", "\u2003", "\u3000", "\v", "\f", "\r"];

    private static long Iterations(long normal) =>
        long.TryParse(Environment.GetEnvironmentVariable("ORLEANSKV_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : normal;

    private static readonly Gen<string> Argument = Gen.Frequency(
        (6, Gen.OneOf(Arguments)),
        (3, Gen.Char['!', '~'].Array[1, 12].Select(c => new string(c))),
        (2, Gen.String[0, 20]),
        (2, from text in Gen.Char[' ', '\u2fff'].Array[0, 15]
            from quote in Gen.OneOf('"', '\'')
            from closed in Gen.Bool
            select quote + new string(text) + (closed ? quote.ToString() : "")),
        (1, Gen.Int[10_000, 100_000].Select(n => new string('k', n))),
        (1, Gen.Int[65, 5_000].Select(n => "'" + new string('[', n) + new string(']', n) + "'")));

    /// <summary>Lines as typed or piped: free text, or a command word (any case) with random arguments.</summary>
    private static readonly Gen<string> Line = Gen.Frequency(
        (2, Gen.String),
        (2, Gen.Char.Array[0, 80].Select(c => new string(c))),
        (1, Gen.Char['\0', '\u001f'].Array[0, 20].Select(c => new string(c))),
        (6, from word in Gen.OneOf<string>([.. CommandCatalog.Words, .. CommandCatalog.Words.Select(w => w.ToUpperInvariant()), "bogus", ""])
            from lead in Gen.OneOf<string>(["", .. Separators])
            from args in Gen.Select(Argument, Gen.OneOf(Separators)).Array[0, 6]
            select lead + word + string.Concat(args.Select(a => a.Item2 + a.Item1))),
        (2, from key in Argument
            from json in Gen.OneOf(
                "'\"\\ud800\"'", "'{\"\\udc00\": 1}'", "'[\"\\ud83c\\ud800\"]'", "'[1, 2'", "'{\"a\": 1}'", "'\"ok\"'", "'1e400'", "'-0'",
                "'\"\\u0000\"'", "'\"\u001b[31m\"'", "'" + new string('[', 64) + new string(']', 64) + "'")
            from level in Gen.OneOf("", " one", " all", " most")
            select $"put {key} --json {json}{level}"));

    [Fact]
    public void Every_line_parses_to_nothing_a_command_or_a_one_line_error_that_says_what_to_do()
    {
        Line.Sample(line =>
        {
            var parsed = CommandParser.Parse(line);
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                Assert.True(parsed.IsEmpty, $"a blank or comment line parsed to {parsed}");
                return;
            }

            Assert.True(parsed.Command is null != parsed.Error is null, $"expected a command or an error, got {parsed}");
            if (parsed.Error is { } error)
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
                Assert.True(error.Contains("Usage: ", StringComparison.Ordinal) || error.EndsWith('.'), $"an error that does not say what to do: {error}");
                Assert.True(CountLines(error) <= CountLines(line), $"a multi-line error for a one-line input: {error}");
            }
        }, iter: Iterations(5_000), print: Show);
    }

    [Fact]
    public void Splitting_a_script_into_statements_never_throws_and_drops_only_white_space()
    {
        Gen.Select(Line, Line, Line).Select(l => $"{l.Item1};{l.Item2}; ;{l.Item3}").Sample(script =>
        {
            var statements = CommandTokenizer.SplitStatements(script);

            Assert.All(statements, s => Assert.False(string.IsNullOrWhiteSpace(s)));
            Assert.True(statements.Sum(s => s.Length) <= script.Length);
        }, iter: Iterations(2_000), print: Show);
    }

    [Fact]
    public async Task Running_any_line_on_the_fake_cluster_never_throws_and_shows_a_result_or_the_error()
    {
        // Export and import would write and read files named by random text: their parsing is
        // fuzzed above, their runs by ScriptRunnerTests.
        await Line.Where(line => CommandParser.Parse(line).Command is not (ExportCommand or ImportCommand)).SampleAsync(async line =>
        {
            var output = new StringWriter();
            var errors = new StringWriter();
            var executor = new CommandExecutor(new FakeKeyValueCluster(), 1, TimeSpan.FromSeconds(5), new FakeTimeProvider()) { PollInterval = TimeSpan.Zero };
            var runner = new CommandRunner(executor, new PlainResultRenderer(output, errors));

            var outcome = await runner.RunAsync(line);

            var parsed = CommandParser.Parse(line);
            if (parsed.IsEmpty)
            {
                Assert.Null(outcome);
                return;
            }

            Assert.NotNull(outcome);
            if (parsed.Error is { } error)
            {
                Assert.Equal(error, Assert.IsType<FailedOutcome>(outcome).Message);
                Assert.Contains(error, errors.ToString());
            }

            if (outcome is FailedOutcome failed)
            {
                Assert.NotEqual("", errors.ToString());
                // The fake cluster refuses nothing it is sent: a failure is the shell's own, and says why in words.
                Assert.DoesNotMatch("^[A-Za-z.]*Exception", failed.Message);
            }
        }, iter: Iterations(1_000), print: Show);
    }

    private static int CountLines(string text) => text.Count(c => c is '\n' or '\r' or '\u2028' or '\u2029' or '\u0085') + 1;

    /// <summary>Lines as C# would write them, so a failing one can be pasted into a test.</summary>
    private static string Show(string line) =>
        (line.Length > 300 ? $"({line.Length} chars) " : "") +
        "\"" + string.Concat(line.Take(300).Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:x4}" : c == '"' ? "\\\"" : c.ToString())) + "\"";
}
