using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Hosting;
using OrleansKv.Silo.Cli;
using OrleansKv.Silo.Node;
using OrleansKv.UnitTests.NodeCommand;
using Xunit.Sdk;

namespace OrleansKv.UnitTests.Deployment;

/// <summary>
/// The Dockerfile and the Kubernetes manifests agree with the node's real command line: the pod's
/// arguments and environment are run through SiloCommandLine (not re-derived here) and what they
/// resolve to is compared with ports, mounts, probes, selectors and the image. The end-to-end
/// test Deployment/PodCommandLineTests runs the same command line as a real process.
/// </summary>
public sealed class DeploymentFileTests
{
    private const string PodIp = "10.244.1.7";

    private static readonly DeploymentFiles Files = DeploymentFiles.Load();

    private static StatefulSet Nodes => Files.StatefulSet;

    private static NodeContainer Container => Nodes.Container;

    [Fact]
    public async Task The_pods_command_line_resolves_to_a_node_whose_ports_are_the_container_ports()
    {
        var settings = await PodSettingsAsync(ordinal: 0);

        Assert.Equal(
            new Dictionary<string, int> { ["http"] = settings.HttpPort, ["silo"] = settings.SiloPort, ["gateway"] = settings.GatewayPort },
            Container.Ports);
    }

    [Fact]
    public async Task Each_pod_is_the_node_of_its_ordinal_plus_one_listening_everywhere_advertising_its_ip_with_membership_from_the_secret()
    {
        var first = await PodSettingsAsync(ordinal: 0);
        var third = await PodSettingsAsync(ordinal: 2);

        Assert.Equal("node1", first.NodeId);
        Assert.Equal("node3", third.NodeId);
        Assert.True(NodeEndpoints.IsAnyAddress(first.BindAddress), $"The pod's node binds {first.BindAddress}, not every address: the pod IP would not reach it.");
        Assert.Equal(IPAddress.Parse(PodIp), first.AdvertisedAddress);
        var secret = Assert.Single(Container.Env, e => e.SecretName is not null);
        Assert.Equal(ExampleSecretValue(secret.SecretName!, secret.SecretKey!), first.PostgresConnectionString);
    }

    [Fact]
    public async Task Every_environment_variable_of_the_pod_is_one_the_node_reads_and_changes_what_it_runs_with()
    {
        var settings = await PodSettingsAsync(ordinal: 1);

        foreach (var variable in Container.Env)
        {
            Assert.Contains(variable.Name, SiloEnvironment.NodeVariables);
            var without = PodEnvironment(ordinal: 1);
            without.Remove(variable.Name);
            var outcome = await NodeCommandRun.RunAsync(PodArguments, without);
            Assert.True(outcome.Settings != settings, $"Without {variable.Name} the node would run exactly the same: it does not read it.");
        }
    }

    [Fact]
    public void The_statefulset_reads_a_secret_key_that_the_example_secret_holds()
    {
        var references = Container.Env.Where(e => e.SecretName is not null).ToList();

        Assert.NotEmpty(references);
        foreach (var reference in references)
        {
            Assert.NotEmpty(ExampleSecretValue(reference.SecretName!, reference.SecretKey!));
        }
    }

    [Fact]
    public async Task The_data_volume_is_mounted_where_the_node_keeps_its_data_in_the_pod_and_in_the_image()
    {
        var settings = await PodSettingsAsync(ordinal: 0);
        var imageDefault = await NodeCommandRun.SettingsAsync(ImageDefaultArguments);

        var claim = Assert.Single(Nodes.VolumeClaimTemplates);
        Assert.True(Container.VolumeMounts.TryGetValue(claim, out var mountPath), $"The container does not mount the volume claim '{claim}'.");
        Assert.Equal(mountPath, settings.DataDirectory);
        Assert.Contains(settings.DataDirectory, Files.Dockerfile.Volumes);
        Assert.Equal(settings.DataDirectory, imageDefault.DataDirectory);
    }

    [Fact]
    public async Task Every_probe_asks_the_http_port_and_liveness_does_not_wait_for_readiness()
    {
        var settings = await PodSettingsAsync(ordinal: 0);
        var probes = Container.Probes.ToDictionary(p => p.Kind);

        Assert.True(probes.ContainsKey("livenessProbe") && probes.ContainsKey("readinessProbe"), $"Probes: {string.Join(", ", probes.Keys)}");
        Assert.All(probes.Values, p => Assert.Equal(settings.HttpPort, Container.PortNumber(p.Port)));
        // A node that is not ready (joining, or cut off from its peers) must not be restarted for it.
        Assert.NotEqual(probes["readinessProbe"].Path, probes["livenessProbe"].Path);
        if (probes.TryGetValue("startupProbe", out var startup))
        {
            Assert.Equal(probes["livenessProbe"].Path, startup.Path);
        }
    }

    [Fact]
    public async Task Nodes_start_one_at_a_time_and_are_at_least_as_many_as_the_replicas_of_a_key()
    {
        var settings = await PodSettingsAsync(ordinal: 0);

        Assert.Equal("OrderedReady", Nodes.PodManagementPolicy);
        Assert.True(Nodes.Replicas >= settings.ReplicationFactor, $"{Nodes.Replicas} pods cannot hold {settings.ReplicationFactor} replicas of a key.");
    }

    [Fact]
    public void A_graceful_stop_finishes_within_the_pods_termination_grace_period()
    {
        var shutdown = new HostOptions().ShutdownTimeout;

        Assert.True(Nodes.TerminationGracePeriodSeconds > shutdown.TotalSeconds,
            $"terminationGracePeriodSeconds {Nodes.TerminationGracePeriodSeconds} does not leave the node's {shutdown.TotalSeconds} s shutdown to finish before SIGKILL.");
    }

    [Fact]
    public void The_headless_service_is_the_statefulsets_service_and_selects_its_pods()
    {
        var headless = Assert.Single(Files.OfKind("Service"), s => s.Root.TextOrNull("spec", "clusterIP") == "None");

        Assert.Equal(headless.Name, Nodes.ServiceName);
        AssertSelectsPods(headless.Root.Labels("spec", "selector"), headless.ToString());
        AssertSelectsPods(Nodes.SelectorLabels, "the StatefulSet's selector");
    }

    [Fact]
    public void Every_service_selects_the_node_pods_and_targets_a_port_of_the_node_container()
    {
        foreach (var service in Files.OfKind("Service"))
        {
            AssertSelectsPods(service.Root.Labels("spec", "selector"), service.ToString());
            foreach (var port in service.Root.Items("spec", "ports"))
            {
                var target = port.TextOrNull("targetPort") ?? port.Text("port");
                Assert.Contains(Container.PortNumber(target), Container.Ports.Values);
            }
        }
    }

    [Fact]
    public void The_disruption_budget_lets_one_node_pod_down_at_a_time()
    {
        var budget = Files.Single("PodDisruptionBudget");

        Assert.Equal("1", budget.Root.Text("spec", "maxUnavailable"));
        Assert.Null(budget.Root.Find("spec", "minAvailable"));
        AssertSelectsPods(budget.Root.Labels("spec", "selector", "matchLabels"), budget.ToString());
    }

    [Fact]
    public void The_kustomization_applies_every_manifest_but_the_example_secret()
    {
        var directory = Path.Combine(Files.RepositoryRoot, DeploymentFiles.KubernetesDirectory);
        var kustomization = Assert.Single(Files.Manifests, m => m.File == "kustomization.yaml");
        var expected = Directory.GetFiles(directory, "*.yaml").Select(Path.GetFileName)
            .Where(f => f != "kustomization.yaml" && !f!.EndsWith(".example.yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, kustomization.Root.Items("resources").Select(r => r.Text()).Order(StringComparer.Ordinal));
        Assert.Contains(Files.Manifests, m => m.Kind == "Secret" && m.File.EndsWith(".example.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_image_exposes_the_ports_of_its_default_command_and_of_the_statefulset()
    {
        var imageDefault = await NodeCommandRun.SettingsAsync(ImageDefaultArguments);
        var pod = await PodSettingsAsync(ordinal: 0);

        var exposed = Files.Dockerfile.ExposedPorts.Order();
        Assert.Equal(new[] { imageDefault.HttpPort, imageDefault.SiloPort, imageDefault.GatewayPort }.Order(), exposed);
        Assert.Equal(new[] { pod.HttpPort, pod.SiloPort, pod.GatewayPort }.Order(), exposed);
    }

    [Fact]
    public void The_image_runs_the_published_silos_node_command_as_the_non_root_user_the_pod_runs_as()
    {
        var entrypoint = Files.Dockerfile.Entrypoint;
        var assemblyName = XDocument.Load(Path.Combine(Files.RepositoryRoot, "Silo", "Silo.csproj")).Descendants("AssemblyName").Single().Value;
        var publish = Assert.Single(Files.Dockerfile.Instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish"));
        var output = Path.GetDirectoryName(entrypoint[0])!;

        Assert.Equal(assemblyName, Path.GetFileName(entrypoint[0]));
        Assert.Equal("node", entrypoint[1]);
        Assert.Contains("Silo/Silo.csproj", publish.Arguments);
        Assert.Contains("-c Release", publish.Arguments);
        Assert.Contains($"-o {output}", publish.Arguments);
        Assert.Contains(Files.Dockerfile.FinalStage, i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=") && i.Arguments.Contains($"{output} "));
        Assert.False(Container.SetsCommand, "The container replaces the image's entrypoint; its args assume `OrleansKv.Silo node`.");
        Assert.True(int.TryParse(Files.Dockerfile.User, out var user) && user > 0, $"USER {Files.Dockerfile.User} is not a numeric non-root user (Kubernetes' runAsNonRoot needs a number).");
        Assert.Equal(user, Nodes.RunAsUser);
        Assert.NotNull(Nodes.FsGroup);
    }

    [Fact]
    public void The_image_build_copies_every_project_the_silo_needs_before_restoring()
    {
        var build = Files.Dockerfile.Instructions.Where(i => i.Stage == 0).ToList();
        var restore = build.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore"));
        var copied = build.Take(restore).Where(i => i.Keyword == "COPY")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
            .ToHashSet();

        Assert.True(restore > 0, "The build stage has no `dotnet restore` of its own.");
        Assert.Equal(SiloProjectClosure().Order(StringComparer.Ordinal), copied.Where(c => c.EndsWith(".csproj", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Contains("Directory.Build.props", copied);
        Assert.Contains("Directory.Packages.props", copied);
    }

    [Fact]
    public void The_docker_context_keeps_what_the_build_needs_and_leaves_build_output_out()
    {
        var ignored = File.ReadAllLines(Path.Combine(Files.RepositoryRoot, ".dockerignore"))
            .Select(l => l.Trim().TrimEnd('/'))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        var needed = SiloProjectClosure().Select(p => p.Split('/')[0]).Append("Directory.Build.props").Append("Directory.Packages.props");

        Assert.All(needed, path => Assert.DoesNotContain(path, ignored));
        Assert.Contains("**/bin", ignored);
        Assert.Contains("**/obj", ignored);
    }

    /// <summary>The node command line in a pod: the image's entrypoint after `OrleansKv.Silo node`, then the container's args.</summary>
    private static IReadOnlyList<string> PodArguments => [.. Files.Dockerfile.Entrypoint.Skip(2), .. Container.Args];

    /// <summary>The node command line of `docker run` without arguments: the entrypoint's, then CMD.</summary>
    private static IReadOnlyList<string> ImageDefaultArguments => [.. Files.Dockerfile.Entrypoint.Skip(2), .. Files.Dockerfile.Cmd];

    private static Task<NodeSettings> PodSettingsAsync(int ordinal) => NodeCommandRun.SettingsAsync(PodArguments, PodEnvironment(ordinal));

    /// <summary>The container's environment as Kubernetes fills it for the pod of this ordinal, Secrets from the example.</summary>
    private static Dictionary<string, string> PodEnvironment(int ordinal) =>
        Container.Environment(
            field => field switch
            {
                "metadata.name" => Nodes.PodName(ordinal),
                "status.podIP" => PodIp,
                _ => throw new XunitException($"The test does not know the downward API field {field}."),
            },
            ExampleSecretValue);

    private static string ExampleSecretValue(string secretName, string key)
    {
        var secret = Files.OfKind("Secret").SingleOrDefault(s => s.Name == secretName)
            ?? throw new XunitException($"The StatefulSet reads Secret {secretName}, which no manifest shows.");
        return secret.Root.TextOrNull("stringData", key)
            ?? (secret.Root.TextOrNull("data", key) is { } encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(encoded)) : null)
            ?? throw new XunitException($"The StatefulSet reads key {key} of {secret}, which has no such key.");
    }

    private static void AssertSelectsPods(IReadOnlyDictionary<string, string> selector, string what)
    {
        Assert.True(selector.Count > 0, $"{what} selects nothing.");
        Assert.All(selector, label => Assert.True(
            Nodes.PodLabels.TryGetValue(label.Key, out var value) && value == label.Value,
            $"{what} selects {label.Key}={label.Value}, which the StatefulSet's pods do not carry."));
    }

    /// <summary>Silo/Silo.csproj and every project it references, directly or not, relative to the repository root.</summary>
    private static HashSet<string> SiloProjectClosure()
    {
        var projects = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(["Silo/Silo.csproj"]);
        while (pending.TryPop(out var project))
        {
            if (!projects.Add(project))
            {
                continue;
            }

            var full = Path.Combine(Files.RepositoryRoot, project);
            foreach (var reference in XDocument.Load(full).Descendants("ProjectReference"))
            {
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Files.RepositoryRoot, path).Replace('\\', '/'));
            }
        }

        return projects;
    }
}
