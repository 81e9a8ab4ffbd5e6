using OrleansKv.Consistency;
using OrleansKv.Shell.Commands;

namespace OrleansKv.UnitTests.Shell;

public sealed class CommandParserTests
{
    [Fact]
    public void Put_defaults_to_quorum_and_keeps_a_quoted_value_with_spaces()
    {
        var command = Parse("put user:1 \"hello world\"");

        Assert.Equal(new PutCommand("user:1", "hello world", ConsistencyLevel.Quorum), command);
    }

    [Fact]
    public void Put_takes_json_and_a_ttl_anywhere_after_the_command_word()
    {
        Assert.Equal(
            new PutCommand("k", "{\"a\": 1}", ConsistencyLevel.All, IsJson: true, Ttl: TimeSpan.FromSeconds(60)),
            Parse("put k --json '{\"a\": 1}' all --ttl 60"));
        Assert.Equal(new PutCommand("k", "42", ConsistencyLevel.Quorum, Ttl: TimeSpan.FromSeconds(1.5)), Parse("put --ttl 1.5 k 42"));
        Assert.Equal(new PutCommand("k", "--json", ConsistencyLevel.Quorum), Parse("put k -- --json"));
    }

    [Theory]
    [InlineData("put k --json '{a:1}'", "--json: the value is not valid JSON")]
    [InlineData("put k --json '[\"\\ud800\"]'", "--json: the value is not valid JSON (it escapes a lone surrogate")]
    [InlineData("put k v --ttl", "--ttl needs a number of seconds")]
    [InlineData("put k v --ttl 0", "--ttl '0' is not a positive number of seconds")]
    [InlineData("put k v --ttl soon", "--ttl 'soon' is not a positive number of seconds")]
    [InlineData("put k v --jsn", "unknown option '--jsn'")]
    public void Bad_put_options_are_refused_with_a_clear_message_and_the_usage(string line, string message)
    {
        var error = Error(line);

        Assert.StartsWith(message, error);
        Assert.EndsWith("Usage: put <key> <value> [one|quorum|all|serial] [--json] [--ttl SECONDS] [--if-version V | --if-absent]", error);
    }

    [Fact]
    public void Get_defaults_to_one_and_delete_to_quorum()
    {
        Assert.Equal(new GetCommand("k", ConsistencyLevel.One), Parse("get k"));
        Assert.Equal(new DeleteCommand("k", ConsistencyLevel.Quorum), Parse("delete k"));
    }

    [Fact]
    public void Command_words_and_levels_ignore_case_but_keys_and_values_keep_it()
    {
        Assert.Equal(new PutCommand("Key", "Value", ConsistencyLevel.All), Parse("PUT Key Value ALL"));
        Assert.Equal(new GetCommand("Key", ConsistencyLevel.Quorum), Parse("Get Key Quorum"));
    }

    [Theory]
    [InlineData("status", null)]
    [InlineData("status 2", 2)]
    [InlineData("status node3", 3)]
    public void Status_takes_an_optional_node_number_or_name(string line, int? node)
    {
        Assert.Equal(new StatusCommand(node), Parse(line));
    }

    [Theory]
    [InlineData("repair", null)]
    [InlineData("repair 2", 2)]
    [InlineData("REPAIR node3", 3)]
    public void Repair_takes_an_optional_node_number_or_name(string line, int? node)
    {
        Assert.Equal(new RepairCommand(node), Parse(line));
    }

    [Theory]
    [InlineData("decommission 4", 4, true)]
    [InlineData("DECOMMISSION node2", 2, true)]
    [InlineData("remove 3", 3, false)]
    [InlineData("Remove node5", 5, false)]
    public void Decommission_and_remove_take_one_node_number_or_name(string line, int node, bool decommission)
    {
        ShellCommand expected = decommission ? new DecommissionCommand(node) : new RemoveCommand(node);

        Assert.Equal(expected, Parse(line));
    }

    [Theory]
    [InlineData("decommission", "missing <N>. Usage: decommission <N>")]
    [InlineData("remove", "missing <N>. Usage: remove <N>")]
    [InlineData("decommission all", "'all' is not a node number. Usage: decommission <N>")]
    [InlineData("remove 0", "'0' is not a node number. Usage: remove <N>")]
    [InlineData("remove 2 3", "too many arguments. Usage: remove <N>")]
    public void A_ring_change_without_exactly_one_node_number_is_refused_with_the_usage(string line, string expected)
    {
        Assert.Equal(expected, Error(line));
    }

    [Fact]
    public void Cluster_commands_parse_to_their_records()
    {
        Assert.Equal(new NodesCommand(), Parse("nodes"));
        Assert.Equal(new RingCommand(), Parse("RING"));
        Assert.Equal(new SwitchCommand(2), Parse("switch 2"));
        Assert.Equal(new ReplicasCommand("a b"), Parse("replicas 'a b'"));
        Assert.Equal(new HelpCommand(null), Parse("help"));
        Assert.Equal(new HelpCommand("quit"), Parse("help exit"));
        Assert.Equal(new QuitCommand(), Parse("quit"));
        Assert.Equal(new QuitCommand(), Parse("EXIT"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("# a comment")]
    public void Blank_lines_and_comments_are_nothing_to_run(string line)
    {
        Assert.True(CommandParser.Parse(line).IsEmpty);
    }

    [Fact]
    public void An_unknown_command_is_named_with_the_list_of_commands()
    {
        var error = Error("frobnicate k");

        Assert.StartsWith("unknown command 'frobnicate'.", error);
        Assert.Contains("put, get, delete", error);
        Assert.Contains("decommission, remove", error);
        Assert.Contains("help", error);
    }

    [Theory]
    [InlineData("get", "missing <key>. Usage: get <key> [one|quorum|all|serial]")]
    [InlineData("put k", "missing <value>. Usage: put <key> <value> [one|quorum|all|serial] [--json] [--ttl SECONDS] [--if-version V | --if-absent]")]
    [InlineData("delete", "missing <key>. Usage: delete <key> [one|quorum|all|serial] [--if-version V]")]
    [InlineData("switch", "missing <N>. Usage: switch <N>")]
    [InlineData("replicas", "missing <key>. Usage: replicas <key>")]
    public void A_missing_argument_is_named_with_the_usage(string line, string expected)
    {
        Assert.Equal(expected, Error(line));
    }

    [Fact]
    public void An_unknown_level_is_named_with_the_levels_and_the_usage()
    {
        Assert.Equal(
            "unknown consistency level 'two' (one, quorum, all, serial). Usage: get <key> [one|quorum|all|serial]",
            Error("get k two"));
    }

    [Fact]
    public void An_unquoted_value_with_spaces_hints_at_quoting()
    {
        var error = Error("put k hello world");

        Assert.Contains("unknown consistency level 'world'", error);
        Assert.Contains("quote values with spaces", error);
        Assert.Contains("Usage: put <key> <value> [one|quorum|all|serial]", Error("put k a b c"));
    }

    [Theory]
    [InlineData("switch two", "'two' is not a node number. Usage: switch <N>")]
    [InlineData("switch 0", "'0' is not a node number. Usage: switch <N>")]
    [InlineData("status -1", "'-1' is not a node number. Usage: status [N]")]
    public void A_node_that_is_not_a_number_is_refused_with_the_usage(string line, string expected)
    {
        Assert.Equal(expected, Error(line));
    }

    [Fact]
    public void Extra_arguments_are_refused_with_the_usage()
    {
        Assert.Equal("too many arguments. Usage: nodes", Error("nodes all"));
    }

    [Fact]
    public void An_unclosed_quote_is_reported()
    {
        Assert.Equal("unclosed double quote.", Error("put k \"oops"));
    }

    private static ShellCommand? Parse(string line)
    {
        var result = CommandParser.Parse(line);
        Assert.Null(result.Error);
        return result.Command;
    }

    private static string Error(string line)
    {
        var result = CommandParser.Parse(line);
        Assert.Null(result.Command);
        return Assert.IsType<string>(result.Error);
    }

    [Fact]
    public void Conditions_make_a_put_or_delete_serial_unless_a_level_is_given()
    {
        var version = new OrleansKv.Versioning.ValueVersion(123, "node2");

        Assert.Equal(
            new PutCommand("k", "v", ConsistencyLevel.Serial, Condition: OrleansKv.Contracts.WriteCondition.Version(version)),
            Parse("put k v --if-version 123@node2"));
        Assert.Equal(
            new PutCommand("k", "{}", ConsistencyLevel.Serial, IsJson: true, Condition: OrleansKv.Contracts.WriteCondition.Absent),
            Parse("put --if-absent k --json {}"));
        Assert.Equal(
            new DeleteCommand("k", ConsistencyLevel.Serial, OrleansKv.Contracts.WriteCondition.Version(version)),
            Parse("delete k --if-version 123@node2"));
        Assert.Equal(new PutCommand("k", "v", ConsistencyLevel.Quorum, Condition: OrleansKv.Contracts.WriteCondition.Absent), Parse("put k v quorum --if-absent"));
        Assert.Equal(new GetCommand("k", ConsistencyLevel.Serial), Parse("get k serial"));
    }

    [Theory]
    [InlineData("put k v --if-version", "--if-version needs a version as get shows it")]
    [InlineData("put k v --if-version soon", "--if-version needs a version as get shows it")]
    [InlineData("put k v --if-absent --if-version 1@node1", "give one condition")]
    [InlineData("delete k --if-absent", "unknown consistency level '--if-absent'")]
    public void Bad_conditions_are_refused_with_a_clear_message(string line, string message)
    {
        Assert.StartsWith(message, Error(line));
    }
}
