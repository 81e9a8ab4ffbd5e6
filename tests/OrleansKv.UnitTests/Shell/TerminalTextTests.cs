using OrleansKv.Shell.Repl;

namespace OrleansKv.UnitTests.Shell;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("abc", 3)]
    [InlineData("日本語", 6)]
    [InlineData("한국", 4)]
    [InlineData("🎉", 2)]
    [InlineData("e\u0301", 1)]
    [InlineData("👩\u200D👩\u200D👧", 2)]
    [InlineData("❤\uFE0F", 2)]
    [InlineData("🇯🇵", 2)]
    [InlineData("ｗｉｄｅ", 8)]
    public void Text_takes_the_columns_a_terminal_gives_it(string text, int columns)
    {
        Assert.Equal(columns, TerminalText.Width(text));
    }

    [Fact]
    public void Boundaries_never_split_a_surrogate_pair_or_a_combined_character()
    {
        var text = "a🎉e\u0301";

        Assert.Equal(1, TerminalText.NextBoundary(text, 0));
        Assert.Equal(3, TerminalText.NextBoundary(text, 1));
        Assert.Equal(5, TerminalText.NextBoundary(text, 3));
        Assert.Equal(3, TerminalText.PreviousBoundary(text, 5));
        Assert.Equal(1, TerminalText.PreviousBoundary(text, 3));
    }

    [Fact]
    public void A_wide_character_that_does_not_fit_at_the_end_of_a_row_starts_the_next_row()
    {
        // 9 narrow columns then a wide character on a 10-column terminal: it wraps whole.
        var position = TerminalText.Position("123456789", "日", 1, columns: 10);

        Assert.Equal((1, 2), position);
    }
}
