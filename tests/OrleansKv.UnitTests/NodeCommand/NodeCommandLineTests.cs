using System.Net;
using OrleansKv.Silo.Cli;
using OrleansKv.Silo.Node;

namespace OrleansKv.UnitTests.NodeCommand;

/// <summary>The node command's options for running in a pod: node id from the pod, advertised address, membership from the environment.</summary>
public sealed class NodeCommandLineTests
{
    [Theory]
    [InlineData("orleanskv-0", 1)]
    [InlineData("orleanskv-2", 3)]
    [InlineData("my-kv-store-41", 42)]
    [InlineData("orleanskv-9998", 9999)]
    public void A_statefulset_pod_name_gives_the_node_its_ordinal_plus_one(string podName, int nodeNumber)
    {
        Assert.True(StatefulSetNodeNumber.TryParse(podName, out var parsed));
        Assert.Equal(nodeNumber, parsed);
    }

    [Theory]
    [InlineData("orleanskv")]
    [InlineData("orleanskv-")]
    [InlineData("-3")]
    [InlineData("orleanskv-x")]
    [InlineData("orleanskv-+1")]
    [InlineData("orleanskv- 1")]
    [InlineData("orleanskv-1a")]
    [InlineData("orleanskv-9999")]
    [InlineData("orleanskv-99999999999")]
    public void A_name_that_is_not_name_dash_ordinal_gives_no_node_number(string podName)
    {
        Assert.False(StatefulSetNodeNumber.TryParse(podName, out _));
    }

    [Fact]
    public async Task Node_id_from_hostname_reads_the_pod_name_and_the_default_ports_follow_the_node_number()
    {
        var settings = await NodeCommandRun.SettingsAsync(["--node-id-from-hostname"], Env((SiloEnvironment.PodName, "orleanskv-4")));

        Assert.Equal("node5", settings.NodeId);
        Assert.Equal((8005, 11115, 30005), (settings.HttpPort, settings.SiloPort, settings.GatewayPort));
    }

    [Fact]
    public async Task A_pod_name_that_is_not_name_dash_ordinal_is_refused_naming_it()
    {
        var outcome = await NodeCommandRun.RunAsync(["--node-id-from-hostname"], Env((SiloEnvironment.PodName, "orleanskv")));

        Assert.Null(outcome.Settings);
        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains("'orleanskv' is not a StatefulSet pod name", outcome.Errors);
    }

    [Theory]
    [InlineData("--node-id", "2", "--node-id-from-hostname")]
    [InlineData("--data-dir", "/tmp/x")]
    public async Task Exactly_one_of_node_id_and_node_id_from_hostname_is_required(params string[] arguments)
    {
        var outcome = await NodeCommandRun.RunAsync(arguments, Env((SiloEnvironment.PodName, "orleanskv-0")));

        Assert.Null(outcome.Settings);
        Assert.Contains("Give one of --node-id K and --node-id-from-hostname.", outcome.Errors);
    }

    [Fact]
    public async Task Without_the_pod_options_a_node_keeps_loopback_its_own_address_and_sqlite_membership()
    {
        var settings = await NodeCommandRun.SettingsAsync(["--node-id", "2", "--data-dir", "/tmp/kv"]);

        Assert.Equal(IPAddress.Loopback, settings.BindAddress);
        Assert.Equal(IPAddress.Loopback, settings.AdvertisedAddress);
        Assert.Equal("http://127.0.0.1:8002", settings.HttpUrl);
        Assert.Equal(settings.HttpUrl, settings.AdvertisedHttpUrl);
        Assert.Null(settings.PostgresConnectionString);
    }

    [Fact]
    public async Task Binding_every_address_listens_there_and_advertises_the_given_address()
    {
        var settings = await NodeCommandRun.SettingsAsync(["--node-id", "1", "--bind", "0.0.0.0", "--advertise", "10.1.2.3", "--http-port", "8080"]);

        Assert.Equal(IPAddress.Any, settings.BindAddress);
        Assert.Equal(IPAddress.Parse("10.1.2.3"), settings.AdvertisedAddress);
        Assert.Equal("http://0.0.0.0:8080", settings.HttpUrl);
        Assert.Equal("http://10.1.2.3:8080", settings.AdvertisedHttpUrl);
    }

    [Fact]
    public async Task An_ipv6_advertised_address_is_bracketed_in_the_http_url()
    {
        var settings = await NodeCommandRun.SettingsAsync(["--node-id", "1", "--bind", "::", "--advertise", "fd00::5", "--http-port", "8080"]);

        Assert.Equal("http://[::]:8080", settings.HttpUrl);
        Assert.Equal("http://[fd00::5]:8080", settings.AdvertisedHttpUrl);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public async Task Binding_every_address_without_an_advertised_address_is_refused(string bind)
    {
        var outcome = await NodeCommandRun.RunAsync(["--node-id", "1", "--bind", bind]);

        Assert.Null(outcome.Settings);
        Assert.Contains($"--bind {bind} listens on every address: give --advertise ADDRESS (or ${SiloEnvironment.Advertise})", outcome.Errors);
    }

    [Theory]
    [InlineData("0.0.0.0", "cannot be dialled")]
    [InlineData("::", "cannot be dialled")]
    [InlineData("pod.example", "--advertise must be an IP address, not 'pod.example'.")]
    public async Task An_advertised_address_must_be_one_peers_can_dial(string advertise, string error)
    {
        var fromOption = await NodeCommandRun.RunAsync(["--node-id", "1", "--advertise", advertise]);
        var fromEnvironment = await NodeCommandRun.RunAsync(["--node-id", "1"], Env((SiloEnvironment.Advertise, advertise)));

        Assert.Null(fromOption.Settings);
        Assert.Contains(error, fromOption.Errors);
        Assert.Null(fromEnvironment.Settings);
        Assert.Contains(error, fromEnvironment.Errors);
    }

    [Fact]
    public async Task The_advertised_address_comes_from_the_environment_unless_the_option_gives_one()
    {
        var environment = Env((SiloEnvironment.Advertise, "10.0.0.7"));

        var fromEnvironment = await NodeCommandRun.SettingsAsync(["--node-id", "1", "--bind", "0.0.0.0"], environment);
        var fromOption = await NodeCommandRun.SettingsAsync(["--node-id", "1", "--bind", "0.0.0.0", "--advertise", "10.0.0.8"], environment);

        Assert.Equal(IPAddress.Parse("10.0.0.7"), fromEnvironment.AdvertisedAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.8"), fromOption.AdvertisedAddress);
    }

    [Fact]
    public async Task The_postgres_connection_string_comes_from_the_environment_unless_the_option_gives_one()
    {
        var environment = Env((SiloEnvironment.Postgres, "Host=db;Password=secret"));

        var fromEnvironment = await NodeCommandRun.SettingsAsync(["--node-id", "1"], environment);
        var fromOption = await NodeCommandRun.SettingsAsync(["--node-id", "1", "--postgres", "Host=other"], environment);

        Assert.Equal("Host=db;Password=secret", fromEnvironment.PostgresConnectionString);
        Assert.Equal("Host=other", fromOption.PostgresConnectionString);
    }

    private static Dictionary<string, string> Env(params (string Name, string Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value);
}
