using OrleansKv.Shell.Repl;

namespace OrleansKv.UnitTests.Shell;

public sealed class LineEditorTests
{
    private readonly CommandHistory _history = new(file: null);
    private readonly StringWriter _terminal = new();

    [Fact]
    public void Typed_text_is_submitted_with_enter()
    {
        Assert.Equal(new LineReadResult(LineReadStatus.Submitted, "get k"), Read(Text("get k"), Enter));
    }

    [Fact]
    public void Ctrl_c_drops_the_line_and_ctrl_d_on_an_empty_line_ends_input()
    {
        Assert.Equal(LineReadStatus.Cancelled, Read(Text("put k v"), Ctrl('C')).Status);
        Assert.Equal(LineReadStatus.EndOfInput, Read(Ctrl('D')).Status);
    }

    [Fact]
    public void Ctrl_d_inside_a_line_deletes_the_character_under_the_cursor()
    {
        Assert.Equal("get", Read(Text("gXet"), Key(ConsoleKey.Home), Key(ConsoleKey.RightArrow), Ctrl('D'), Enter).Text);
    }

    [Fact]
    public void The_cursor_moves_so_text_can_be_edited_in_the_middle()
    {
        var result = Read(Text("gt k"), Key(ConsoleKey.Home), Key(ConsoleKey.RightArrow), Text("e"), Key(ConsoleKey.End), Key(ConsoleKey.Backspace), Text("key"), Enter);

        Assert.Equal("get key", result.Text);
    }

    [Fact]
    public void Up_and_down_walk_the_history_and_come_back_to_the_unsubmitted_line()
    {
        _history.Add("put a 1");
        _history.Add("get a");

        Assert.Equal("put a 1", Read(Key(ConsoleKey.UpArrow), Key(ConsoleKey.UpArrow), Enter).Text);
        Assert.Equal("nod", Read(Text("nod"), Key(ConsoleKey.UpArrow), Key(ConsoleKey.DownArrow), Enter).Text);
    }

    [Fact]
    public void Tab_completes_commands_and_levels()
    {
        Assert.Equal("replicas ", Read(Text("repl"), Tab, Enter).Text);
        Assert.Equal("repair ", Read(Text("repa"), Tab, Enter).Text);
        Assert.Equal("get k quorum ", Read(Text("get k Q"), Tab, Enter).Text);
        Assert.Equal("put k 'a b' all ", Read(Text("put k 'a b' a"), Tab, Enter).Text);
        Assert.Equal("switch 2 ", Read(Text("switch "), Text("2"), Tab, Enter).Text);
    }

    [Fact]
    public void Tab_with_several_choices_lists_them()
    {
        var result = Read(Text("s"), Tab, Enter);

        Assert.Equal("s", result.Text);
        Assert.Contains("status  switch", _terminal.ToString());
    }

    [Fact]
    public void A_line_wider_than_the_terminal_still_reads_back_whole()
    {
        var text = new string('x', 50);

        Assert.Equal("put k " + text, Read(Text("put k " + text), Key(ConsoleKey.Home), Key(ConsoleKey.End), Enter).Text);
    }

    [Fact]
    public void Backspace_removes_a_whole_emoji_typed_as_a_surrogate_pair()
    {
        var result = Read(Text("put k 🎉x"), Key(ConsoleKey.Backspace), Key(ConsoleKey.Backspace), Text("v"), Enter);

        Assert.Equal("put k v", result.Text);
    }

    [Fact]
    public void Left_right_and_delete_step_over_whole_text_elements()
    {
        const string accented = "e\u0301";                 // é as a letter and a combining accent
        const string family = "👩\u200D👩\u200D👧";        // one emoji made of three joined ones

        var result = Read(
            Text("k" + accented + family), Key(ConsoleKey.LeftArrow), Key(ConsoleKey.LeftArrow), Text("_"),
            Key(ConsoleKey.RightArrow), Key(ConsoleKey.Delete), Enter);

        Assert.Equal("k_" + accented, result.Text);
    }

    [Fact]
    public void The_cursor_is_placed_by_display_width_so_cjk_text_takes_two_columns_a_character()
    {
        Read(Text("日本"), Key(ConsoleKey.Home), Key(ConsoleKey.End), Enter);

        // Prompt "kvstore[1]> " is 12 columns; two wide characters make 16.
        Assert.EndsWith("\r\u001b[16C\r\n", _terminal.ToString());
    }

    private static readonly ConsoleKeyInfo Enter = Key(ConsoleKey.Enter, '\r');
    private static readonly ConsoleKeyInfo Tab = Key(ConsoleKey.Tab, '\t');

    private LineReadResult Read(params object[] input)
    {
        var keys = input.SelectMany(i => i is ConsoleKeyInfo key ? [key] : (IEnumerable<ConsoleKeyInfo>)i);
        var completer = new CommandCompleter(() => [1, 2, 3]);
        var editor = new LineEditor(new ScriptedKeys(keys), _terminal, _history, completer, () => 20);
        return editor.ReadLine("kvstore[1]> ");
    }

    private static IEnumerable<ConsoleKeyInfo> Text(string text) =>
        text.Select(c => new ConsoleKeyInfo(c, ConsoleKey.A, char.IsUpper(c), false, false));

    private static ConsoleKeyInfo Key(ConsoleKey key, char c = '\0') => new(c, key, false, false, false);

    private static ConsoleKeyInfo Ctrl(char letter) =>
        new((char)(letter - 'A' + 1), Enum.Parse<ConsoleKey>(letter.ToString()), false, false, true);

    private sealed class ScriptedKeys(IEnumerable<ConsoleKeyInfo> keys) : IKeySource
    {
        private readonly IEnumerator<ConsoleKeyInfo> _keys = keys.GetEnumerator();

        public ConsoleKeyInfo ReadKey() =>
            _keys.MoveNext() ? _keys.Current : throw new InvalidOperationException("The test ran out of keys before the line ended.");
    }
}
