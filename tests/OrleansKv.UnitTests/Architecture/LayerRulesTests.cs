using System.Reflection;
using NetArchTest.Rules;
using OrleansKv.Grains.Hosting;
using OrleansKv.Grains.Storage;

namespace OrleansKv.UnitTests.Architecture;

/// <summary>
/// The node's folders are layers that point one way (docs/architecture.md). Each layer names
/// only the layers listed for it here, so a cycle or a shortcut fails this test instead of
/// waiting for a reviewer. <c>Ring</c> (the ring's pure model: tokens, rings, ring changes as
/// functions) and <c>Placement</c> (grain pinning) are kernels every layer may use.
/// </summary>
public sealed class LayerRulesTests
{
    private const string Root = "OrleansKv.Grains";

    // Named by any layer; they name no layer themselves.
    private static readonly string[] Kernels = ["Ring", "Placement"];

    // Bottom to top: a layer may name the kernels and the layers listed for it, nothing else.
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Ring"] = [],
        ["Placement"] = [],
        ["Storage"] = [],
        ["Jobs"] = [], // How background work runs (JobRunner, JobRun, BackgroundWork): named by the layers that run jobs.
        ["Time"] = ["Storage"],
        ["Replica"] = ["Storage", "Jobs", "Time"],
        ["Cluster"] = ["Jobs", "Time"],
        ["Telemetry"] = ["Storage", "Time", "Cluster"],
        ["Coordination"] = ["Storage", "Jobs", "Time", "Replica", "Cluster", "Telemetry"],
        ["Convergence"] = ["Storage", "Jobs", "Time", "Replica", "Cluster", "Telemetry", "Coordination"],
        ["Rebalancing"] = ["Storage", "Jobs", "Time", "Replica", "Cluster", "Telemetry", "Coordination", "Convergence"],
        ["Snapshots"] = ["Storage", "Jobs", "Cluster"],
        ["NodeInfo"] = ["Storage", "Jobs", "Time", "Replica", "Cluster", "Telemetry", "Coordination", "Convergence", "Rebalancing", "Snapshots"],
        ["Hosting"] = ["Storage", "Jobs", "Time", "Replica", "Cluster", "Telemetry", "Coordination", "Convergence", "Rebalancing", "Snapshots", "NodeInfo"],
    };

    private static readonly Assembly Grains = typeof(NodeDatabase).Assembly;

    public static TheoryData<string> Layers => [.. Allowed.Keys];

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_layer_names_only_the_layers_below_it(string layer)
    {
        var forbidden = Allowed.Keys
            .Where(other => other != layer && !Allowed[layer].Contains(other) && (Kernels.Contains(layer) || !Kernels.Contains(other))).Select(other => $"{Root}.{other}").ToArray();
        var result = Types.InAssembly(Grains).That().ResideInNamespaceMatching($@"^{Root}\.{layer}(\.|$)")
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{layer} names a layer it may not ({string.Join(", ", forbidden)}): {Offenders(result)}");
    }

    [Fact]
    public void Every_type_of_the_node_lives_in_a_declared_layer()
    {
        var undeclared = Grains.GetTypes()
            .Where(t => t.Namespace is { } ns && ns.StartsWith(Root + ".", StringComparison.Ordinal))
            .Select(t => t.Namespace!.Split('.')[2])
            .Distinct()
            .Where(layer => !Allowed.ContainsKey(layer))
            .ToArray();

        Assert.True(undeclared.Length == 0, $"Folders that are not declared as layers here: {string.Join(", ", undeclared)}");
    }

    [Fact]
    public void Storage_names_no_other_layer()
    {
        // Stated on its own: the leaf must stay a leaf even if the table above is edited carelessly.
        Assert.Empty(Allowed["Storage"]);
        Assert.All(Kernels, kernel => Assert.Empty(Allowed[kernel]));
    }

    [Fact]
    public void Only_storage_names_RocksDB()
    {
        var assemblies = new[] { Grains, typeof(KeyValueNodeSiloBuilderExtensions).Assembly, Assembly.Load("Api"), Assembly.Load("OrleansKv.Silo") }.Distinct();
        var result = Types.InAssemblies(assemblies).That().DoNotResideInNamespace($"{Root}.Storage")
            .ShouldNot().HaveDependencyOn("RocksDbSharp").GetResult();

        Assert.True(result.IsSuccessful, $"Outside Storage, these name RocksDbSharp: {Offenders(result)}");
    }

    [Fact]
    public void The_rules_catch_a_layer_that_names_a_higher_one()
    {
        // The checker must be able to fail: Hosting names every layer, so a rule that forbids it one must report it.
        var result = Types.InAssembly(Grains).That().ResideInNamespaceMatching($@"^{Root}\.Hosting(\.|$)")
            .ShouldNot().HaveDependencyOn($"{Root}.Storage").GetResult();

        Assert.False(result.IsSuccessful);
    }

    private static string Offenders(TestResult result) =>
        string.Join(", ", result.FailingTypeNames ?? []);
}
