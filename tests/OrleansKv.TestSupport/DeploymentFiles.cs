using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace OrleansKv.TestSupport;

/// <summary>
/// The repository's deployment files as the deployment tests read them: the Kubernetes manifests
/// in deploy/kubernetes and the Dockerfile. Used by the unit tests (the files checked against the
/// node's command line) and the end-to-end tests (a node run as the pod runs it).
/// </summary>
public sealed class DeploymentFiles
{
    public const string KubernetesDirectory = "deploy/kubernetes";

    private DeploymentFiles(string repositoryRoot, IReadOnlyList<Manifest> manifests, Dockerfile dockerfile)
    {
        RepositoryRoot = repositoryRoot;
        Manifests = manifests;
        Dockerfile = dockerfile;
    }

    /// <summary>The folder holding OrleansKv.sln.</summary>
    public string RepositoryRoot { get; }

    /// <summary>Every document of every .yaml file in deploy/kubernetes.</summary>
    public IReadOnlyList<Manifest> Manifests { get; }

    public Dockerfile Dockerfile { get; }

    public StatefulSet StatefulSet => new(Single("StatefulSet"));

    public static DeploymentFiles Load()
    {
        var root = FindRepositoryRoot();
        var manifests = new List<Manifest>();
        foreach (var file in Directory.GetFiles(Path.Combine(root, KubernetesDirectory), "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file))
            {
                stream.Load(reader);
            }

            manifests.AddRange(stream.Documents.Select(d => new Manifest(Path.GetFileName(file), (YamlMappingNode)d.RootNode)));
        }

        return new DeploymentFiles(root, manifests, Dockerfile.Parse(File.ReadAllText(Path.Combine(root, "Dockerfile"))));
    }

    public IReadOnlyList<Manifest> OfKind(string kind) => Manifests.Where(m => m.Kind == kind).ToList();

    public Manifest Single(string kind) =>
        OfKind(kind) is [var only] ? only : throw new InvalidOperationException($"Expected one {kind} in {KubernetesDirectory}, found {OfKind(kind).Count}.");

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansKv.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No OrleansKv.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>One Kubernetes object from one manifest file.</summary>
public sealed record Manifest(string File, YamlMappingNode Root)
{
    public string Kind => Root.Text("kind");

    public string Name => Root.Text("metadata", "name");

    public override string ToString() => $"{Kind} {Name} ({File})";
}

/// <summary>The StatefulSet of the nodes and its one container.</summary>
public sealed class StatefulSet(Manifest manifest)
{
    private YamlNode Spec => manifest.Root.Get("spec");

    private YamlNode PodSpec => Spec.Get("template", "spec");

    public string Name => manifest.Name;

    public string ServiceName => Spec.Text("serviceName");

    public int Replicas => int.Parse(Spec.Text("replicas"));

    public string? PodManagementPolicy => Spec.TextOrNull("podManagementPolicy");

    public IReadOnlyDictionary<string, string> SelectorLabels => Spec.Labels("selector", "matchLabels");

    public IReadOnlyDictionary<string, string> PodLabels => Spec.Labels("template", "metadata", "labels");

    public int? TerminationGracePeriodSeconds => PodSpec.TextOrNull("terminationGracePeriodSeconds") is { } seconds ? int.Parse(seconds) : null;

    public int? RunAsUser => PodSpec.TextOrNull("securityContext", "runAsUser") is { } user ? int.Parse(user) : null;

    public int? FsGroup => PodSpec.TextOrNull("securityContext", "fsGroup") is { } group ? int.Parse(group) : null;

    public IReadOnlyList<string> VolumeClaimTemplates => Spec.Items("volumeClaimTemplates").Select(t => t.Text("metadata", "name")).ToList();

    /// <summary>The pod's name for an ordinal, as the StatefulSet controller names it.</summary>
    public string PodName(int ordinal) => $"{Name}-{ordinal}";

    public NodeContainer Container =>
        PodSpec.Items("containers") is [var only] ? new NodeContainer(only) : throw new InvalidOperationException($"Expected one container in {manifest}.");
}

/// <summary>The node's container: its command line, environment, ports, probes and mounts.</summary>
public sealed class NodeContainer(YamlNode container)
{
    public static readonly string[] ProbeKinds = ["startupProbe", "livenessProbe", "readinessProbe"];

    /// <summary>True when the container replaces the image's ENTRYPOINT.</summary>
    public bool SetsCommand => container.Find("command") is not null;

    public IReadOnlyList<string> Args => container.Items("args").Select(a => a.Text()).ToList();

    public IReadOnlyList<EnvironmentVariable> Env => container.Items("env").Select(e => new EnvironmentVariable(
        e.Text("name"),
        e.TextOrNull("value"),
        e.TextOrNull("valueFrom", "fieldRef", "fieldPath"),
        e.TextOrNull("valueFrom", "secretKeyRef", "name"),
        e.TextOrNull("valueFrom", "secretKeyRef", "key"))).ToList();

    /// <summary>Container ports by name.</summary>
    public IReadOnlyDictionary<string, int> Ports => container.Items("ports").ToDictionary(p => p.Text("name"), p => int.Parse(p.Text("containerPort")));

    public IReadOnlyList<Probe> Probes => ProbeKinds
        .Where(kind => container.Find(kind) is not null)
        .Select(kind => new Probe(kind, container.Text(kind, "httpGet", "path"), container.Text(kind, "httpGet", "port")))
        .ToList();

    /// <summary>Mount paths by volume name.</summary>
    public IReadOnlyDictionary<string, string> VolumeMounts => container.Items("volumeMounts").ToDictionary(m => m.Text("name"), m => m.Text("mountPath"));

    /// <summary>A port given by name (a container port's) or by number.</summary>
    public int PortNumber(string port) =>
        int.TryParse(port, out var number) ? number
        : Ports.TryGetValue(port, out var named) ? named
        : throw new InvalidOperationException($"No container port is named '{port}' (ports: {string.Join(", ", Ports.Keys)}).");

    /// <summary>The environment the container gets, with the downward API and Secrets answered by the caller.</summary>
    public Dictionary<string, string> Environment(Func<string, string> fieldRef, Func<string, string, string> secretKeyRef) =>
        Env.ToDictionary(e => e.Name, e =>
            e.Value
            ?? (e.FieldPath is { } field ? fieldRef(field) : null)
            ?? (e is { SecretName: { } secret, SecretKey: { } key } ? secretKeyRef(secret, key) : null)
            ?? throw new InvalidOperationException($"Environment variable {e.Name} has no value, fieldRef or secretKeyRef."));
}

public sealed record EnvironmentVariable(string Name, string? Value, string? FieldPath, string? SecretName, string? SecretKey);

/// <summary>An httpGet probe: its kind (startupProbe, livenessProbe, readinessProbe), path and port (name or number).</summary>
public sealed record Probe(string Kind, string Path, string Port);

/// <summary>A Dockerfile read instruction by instruction (continuation lines joined, comments dropped).</summary>
public sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerInstruction> instructions) => Instructions = instructions;

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>The image's own instructions: those of the last FROM.</summary>
    public IReadOnlyList<DockerInstruction> FinalStage => Instructions.Where(i => i.Stage == Instructions.Max(x => x.Stage)).ToList();

    public IReadOnlyList<string> Entrypoint => JsonArray(Last("ENTRYPOINT"));

    public IReadOnlyList<string> Cmd => JsonArray(Last("CMD"));

    public string User => Last("USER");

    public IReadOnlyList<int> ExposedPorts => All("EXPOSE")
        .SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Select(p => int.Parse(p.Split('/')[0]))
        .ToList();

    public IReadOnlyList<string> Volumes => All("VOLUME")
        .SelectMany(v => v.StartsWith('[') ? JsonArray(v) : v.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .ToList();

    public static Dockerfile Parse(string text)
    {
        var instructions = new List<DockerInstruction>();
        var stage = -1;
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var whole = (pending + line).Trim();
            pending = "";
            var space = whole.IndexOf(' ');
            var keyword = whole[..space].ToUpperInvariant();
            stage += keyword == "FROM" ? 1 : 0;
            instructions.Add(new DockerInstruction(stage, keyword, whole[(space + 1)..].Trim()));
        }

        return new Dockerfile(instructions);
    }

    private IEnumerable<string> All(string keyword) => FinalStage.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    private string Last(string keyword) =>
        All(keyword).LastOrDefault() ?? throw new InvalidOperationException($"The Dockerfile's final stage has no {keyword}.");

    private static IReadOnlyList<string> JsonArray(string arguments) =>
        JsonSerializer.Deserialize<string[]>(arguments) ?? throw new InvalidOperationException($"Not a JSON array: {arguments}");
}

/// <summary>One Dockerfile instruction: its build stage (0 = first FROM), keyword in capitals and arguments.</summary>
public sealed record DockerInstruction(int Stage, string Keyword, string Arguments);

/// <summary>Path navigation in YAML mappings, with errors that name the missing path.</summary>
public static class YamlPaths
{
    public static YamlNode? Find(this YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    public static YamlNode Get(this YamlNode node, params string[] path) =>
        node.Find(path) ?? throw new InvalidOperationException($"Missing '{string.Join('.', path)}' at line {node.Start.Line}.");

    public static string Text(this YamlNode node, params string[] path) =>
        node.Get(path) is YamlScalarNode { Value: { } value } ? value : throw new InvalidOperationException($"'{string.Join('.', path)}' at line {node.Start.Line} is not a scalar.");

    public static string? TextOrNull(this YamlNode node, params string[] path) => node.Find(path) is YamlScalarNode scalar ? scalar.Value : null;

    public static IReadOnlyList<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.Find(path) is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    public static IReadOnlyDictionary<string, string> Labels(this YamlNode node, params string[] path) =>
        node.Find(path) is YamlMappingNode map
            ? map.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!)
            : new Dictionary<string, string>();
}
