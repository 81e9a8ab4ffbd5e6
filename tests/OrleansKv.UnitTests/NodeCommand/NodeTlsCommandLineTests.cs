using Microsoft.Extensions.Configuration;
using OrleansKv.Client.Security;
using OrleansKv.Shell;
using OrleansKv.Silo.Cli;
using OrleansKv.Silo.Node;

namespace OrleansKv.UnitTests.NodeCommand;

/// <summary>The certificate options of the node (and the shell's): files, passwords from the environment, and Kestrel's own certificate configuration.</summary>
public sealed class NodeTlsCommandLineTests : IDisposable
{
    private readonly TestCertificates _files = new();
    private readonly string _pfx;

    public NodeTlsCommandLineTests() => (_pfx, _) = _files.Create("node");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task An_https_certificate_makes_the_node_serve_and_advertise_https_with_the_password_from_the_environment()
    {
        var environment = new Dictionary<string, string> { [SiloEnvironment.HttpsCertificatePassword] = "from-env" };

        var settings = await NodeCommandRun.SettingsAsync(["--node-id", "2", "--https-cert", _pfx], environment);
        var explicitPassword = await NodeCommandRun.SettingsAsync(["--node-id", "2", "--https-cert", _pfx, "--https-cert-password", "given"], environment);

        Assert.Equal(new CertificateFile(_pfx, "from-env"), settings.HttpsCertificate);
        Assert.Equal("given", explicitPassword.HttpsCertificate!.Password);
        Assert.Equal("https://127.0.0.1:8002", settings.HttpUrl);
        Assert.Equal("https://127.0.0.1:8002", settings.AdvertisedHttpUrl);
        Assert.Null(settings.ClusterCertificate);
    }

    [Fact]
    public async Task Without_certificates_the_node_serves_plain_http_and_plain_orleans()
    {
        var settings = await NodeCommandRun.SettingsAsync(["--node-id", "1"], new Dictionary<string, string> { [SiloEnvironment.ClusterCertificatePassword] = "unused" });

        Assert.Equal("http://127.0.0.1:8001", settings.HttpUrl);
        Assert.Null(settings.HttpsCertificate);
        Assert.Null(settings.ClusterCertificate);
    }

    [Fact]
    public async Task The_cluster_certificate_takes_its_password_from_the_environment_and_its_path_is_made_absolute()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, _pfx);
        var environment = new Dictionary<string, string> { [SiloEnvironment.ClusterCertificatePassword] = TestCertificates.Password };

        var settings = await NodeCommandRun.SettingsAsync(["--node-id", "1", "--cluster-cert", relative], environment);

        Assert.Equal(new CertificateFile(_pfx, TestCertificates.Password), settings.ClusterCertificate);
        Assert.Equal("http://127.0.0.1:8001", settings.HttpUrl);
    }

    [Theory]
    [InlineData("--https-cert /nonexistent/node.pfx: no such file.", "--https-cert", "/nonexistent/node.pfx")]
    [InlineData("--cluster-cert /nonexistent/cluster.pfx: no such file.", "--cluster-cert", "/nonexistent/cluster.pfx")]
    [InlineData("--https-key goes with --https-cert", "--https-key", "PFX")]
    public async Task Certificate_options_that_cannot_work_are_refused_naming_the_option(string error, params string[] arguments)
    {
        var outcome = await NodeCommandRun.RunAsync(["--node-id", "1", .. arguments.Select(a => a == "PFX" ? _pfx : a)]);

        Assert.Null(outcome.Settings);
        Assert.Contains(error, outcome.Errors);
    }

    [Fact]
    public async Task Kestrels_default_certificate_configuration_turns_https_on_and_the_option_wins_over_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{NodeTls.KestrelDefaultCertificate}:Path"] = _pfx,
            [$"{NodeTls.KestrelDefaultCertificate}:Password"] = TestCertificates.Password,
        }).Build();
        var plain = await NodeCommandRun.SettingsAsync(["--node-id", "3"]);
        var given = await NodeCommandRun.SettingsAsync(["--node-id", "3", "--https-cert", _pfx, "--https-cert-password", "option"]);

        var fromKestrel = plain.WithKestrelCertificate(configuration);

        Assert.Equal(new CertificateFile(_pfx, TestCertificates.Password), fromKestrel.HttpsCertificate);
        Assert.Equal("https://127.0.0.1:8003", fromKestrel.AdvertisedHttpUrl);
        Assert.Equal("option", given.WithKestrelCertificate(configuration).HttpsCertificate!.Password);
        Assert.Same(plain, plain.WithKestrelCertificate(new ConfigurationBuilder().Build()));
    }

    [Fact]
    public void The_shell_takes_the_cluster_certificate_password_from_the_environment()
    {
        var commandLine = new ShellCommandLine(name => name == ClusterTls.PasswordVariable ? "from-env" : null);

        var options = commandLine.ToOptions(commandLine.Root.Parse(["--cluster-cert", _pfx]));

        Assert.Equal(_pfx, options.ClusterCertificatePath);
        Assert.Equal("from-env", options.ClusterCertificatePassword);
    }
}
