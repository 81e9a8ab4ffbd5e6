using OrleansKv.Shell.Commands;

namespace OrleansKv.UnitTests.Shell;

public sealed class CommandTokenizerTests
{
    [Theory]
    [InlineData("put  k   v", new[] { "put", "k", "v" })]
    [InlineData("put k 'it''s'", new[] { "put", "k", "its" })]
    [InlineData("put k \"say \\\"hi\\\"\"", new[] { "put", "k", "say \"hi\"" })]
    [InlineData("put k 'a \\ b'", new[] { "put", "k", "a \\ b" })]
    [InlineData("put k \"\"", new[] { "put", "k", "" })]
    public void Words_split_on_white_space_outside_quotes(string line, string[] expected)
    {
        Assert.True(CommandTokenizer.TryTokenize(line, out var words, out _));
        Assert.Equal(expected, words);
    }

    [Fact]
    public void A_script_splits_at_semicolons_outside_quotes()
    {
        var statements = CommandTokenizer.SplitStatements("put a 'x; y'; get a ;; delete \"b;\"");

        Assert.Equal(["put a 'x; y'", "get a", "delete \"b;\""], statements);
    }
}
