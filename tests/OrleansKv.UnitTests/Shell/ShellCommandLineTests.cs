using System.Net;
using OrleansKv.Shell;
using OrleansKv.Shell.Connection;

namespace OrleansKv.UnitTests.Shell;

public sealed class ShellCommandLineTests
{
    [Fact]
    public void Without_options_the_shell_targets_the_default_local_cluster_on_node_1()
    {
        var options = Parse();

        Assert.Equal(new LocalClusterTarget(OrleansKv.Cluster.LocalClusterDirectory.Default), options.Target);
        Assert.Equal(1, options.Node);
        Assert.Null(options.Commands);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ConnectTimeout);
    }

    [Fact]
    public void Gateway_is_repeatable_and_takes_precedence_over_the_data_directory()
    {
        var options = Parse("--gateway", "127.0.0.1:30001", "--gateway", "localhost:30002", "--data-dir", "/x");

        var target = Assert.IsType<GatewayTarget>(options.Target);
        Assert.Equal([IPEndPoint.Parse("127.0.0.1:30001"), IPEndPoint.Parse("127.0.0.1:30002")], target.Gateways);
    }

    [Fact]
    public void Node_commands_postgres_and_timeouts_are_read()
    {
        var options = Parse("--node", "2", "-c", "get a; get b", "--postgres", "Host=db", "--connect-timeout", "1.5", "--timeout", "3", "--plain");

        Assert.Equal(2, options.Node);
        Assert.Equal("get a; get b", options.Commands);
        Assert.Equal(new PostgresTarget("Host=db"), options.Target);
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), options.RequestTimeout);
        Assert.True(options.Plain);
    }

    [Theory]
    [InlineData("--gateway 'nope' is not HOST:PORT", "--gateway", "nope")]
    [InlineData("--node must be a node number", "--node", "0")]
    [InlineData("either --gateway or --postgres", "--gateway", "127.0.0.1:1", "--postgres", "Host=db")]
    [InlineData("--timeout must be more than 0", "--timeout", "0")]
    public void Bad_options_are_refused_with_a_message_naming_the_option(string expected, params string[] args)
    {
        var parsed = new ShellCommandLine().Root.Parse(args);

        Assert.Contains(parsed.Errors, e => e.Message.Contains(expected));
    }

    [Fact]
    public void The_history_lives_in_an_existing_data_directory()
    {
        using var directory = new TestDirectory();

        Assert.Equal(Path.Combine(directory.Path, "shell_history"), Parse("--data-dir", directory.Path).HistoryFile);
        Assert.EndsWith(".orleanskv_history", Parse("--gateway", "127.0.0.1:1").HistoryFile);
    }

    private static ShellOptions Parse(params string[] args)
    {
        var commandLine = new ShellCommandLine();
        var parsed = commandLine.Root.Parse(args);
        Assert.Empty(parsed.Errors);
        return commandLine.ToOptions(parsed);
    }
}
