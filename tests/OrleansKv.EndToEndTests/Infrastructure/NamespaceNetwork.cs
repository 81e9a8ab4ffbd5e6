using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>
/// Several hosts on one machine: a Linux bridge on this host at 10.77.S.1/24 and, per simulated
/// host K, a network namespace joined to the bridge by a veth pair, at 10.77.S.(10+K). A process
/// started under <see cref="ExecPrefix"/> sees only its namespace's interfaces: what it binds is
/// reachable at its address and nowhere else (its 127.0.0.1 is its own); this host reaches it
/// over the bridge.
/// </summary>
/// <remarks>
/// Every name this creates starts with a per-run id, "kvt" + the test process's pid (5 base-36
/// digits) + a sequence digit, and stays within Linux's 15-character interface names: bridge
/// "IDb", namespace "IDnK", veth "IDvK" (bridge side) and "IDpK" (namespace side). Creating a
/// network first removes what runs of dead test processes left (a crash skips Dispose), with the
/// processes still running in their namespaces; names of live runs (another test run on this
/// machine) and names without that exact shape are never touched. S is a /24 that no address
/// or route on this host uses yet. Needs root and iproute2 (.ci/postgres.sh installs it).
/// </remarks>
public sealed partial class NamespaceNetwork : IAsyncDisposable
{
    private const string Prefix = "kvt";

    /// <summary>The largest pid Linux hands out (pid_max can be at most 2^22).</summary>
    private const int MaxPid = 1 << 22;

    private static readonly string? IpCommand =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Concat(["/usr/sbin", "/sbin"])
        .Select(directory => Path.Combine(directory, "ip"))
        .FirstOrDefault(File.Exists);

    private static int _sequence;

    private readonly string _runId;
    private readonly int _subnet;

    private NamespaceNetwork(string runId, int subnet)
    {
        _runId = runId;
        _subnet = subnet;
    }

    /// <summary>Why namespaces cannot be made here (a skip reason), or null when they can.</summary>
    public static string? Unavailable =>
        !Environment.IsPrivilegedProcess ? "needs root: it creates network namespaces, a bridge and veth pairs"
        : IpCommand is null ? "needs the ip command (Debian package iproute2, which .ci/postgres.sh installs)"
        : null;

    /// <summary>This host's address on the bridge, reachable from every namespace.</summary>
    public IPAddress BridgeAddress => Address(1);

    public string Bridge => _runId + "b";

    public IPAddress AddressOf(int host) => Address(10 + host);

    public string NamespaceOf(int host) => $"{_runId}n{host}";

    /// <summary>
    /// Runs a command in host K's namespace: <c>ip netns exec NS COMMAND</c>, which execs
    /// COMMAND in place (no fork), so the started process id is the command's own.
    /// </summary>
    public IReadOnlyList<string> ExecPrefix(int host) => [IpCommand!, "netns", "exec", NamespaceOf(host)];

    public static async Task<NamespaceNetwork> CreateAsync()
    {
        if (Unavailable is { } reason)
        {
            throw new InvalidOperationException($"Network namespaces are not available: this {reason}.");
        }

        var runId = Prefix + ToBase36(Environment.ProcessId, 5) + ToBase36(Interlocked.Increment(ref _sequence) % 36, 1);
        await RemoveAsync(name => IsLeftover(name, runId));
        var network = new NamespaceNetwork(runId, await FreeSubnetAsync());
        try
        {
            await IpAsync("link", "add", network.Bridge, "type", "bridge");
            await IpAsync("addr", "add", $"{network.BridgeAddress}/24", "dev", network.Bridge);
            await IpAsync("link", "set", network.Bridge, "up");
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds host K: its namespace, with loopback up, joined to the bridge at <see cref="AddressOf"/>.</summary>
    public async Task AddHostAsync(int host)
    {
        var ns = NamespaceOf(host);
        var bridgeSide = $"{_runId}v{host}";
        var hostSide = $"{_runId}p{host}";
        await IpAsync("netns", "add", ns);
        await IpAsync("link", "add", bridgeSide, "type", "veth", "peer", "name", hostSide, "netns", ns);
        await IpAsync("link", "set", bridgeSide, "master", Bridge, "up");
        await IpAsync("-n", ns, "addr", "add", $"{AddressOf(host)}/24", "dev", hostSide);
        await IpAsync("-n", ns, "link", "set", hostSide, "up");
        await IpAsync("-n", ns, "link", "set", "lo", "up");
    }

    /// <summary>Cuts host K off the network (its bridge-side link down): every connection to and from it times out.</summary>
    public Task CutAsync(int host) => IpAsync("link", "set", $"{_runId}v{host}", "down");

    /// <summary>Joins host K to the network again.</summary>
    public Task HealAsync(int host) => IpAsync("link", "set", $"{_runId}v{host}", "up");

    /// <summary>
    /// Drops every packet host <paramref name="to"/> receives from host <paramref name="from"/>
    /// (nftables inside <paramref name="to"/>'s namespace): a one-way cut; block both ways for a
    /// cut between the pair. <see cref="UnblockAsync"/> lifts every block of that host.
    /// </summary>
    public async Task BlockAsync(int from, int to)
    {
        await ExecAsync(to, "nft", "add", "table", "inet", "kvt");
        await ExecAsync(to, "nft", "add", "chain", "inet", "kvt", "input", "{ type filter hook input priority 0; policy accept; }");
        var added = await ExecAsync(to, "nft", "add", "rule", "inet", "kvt", "input", "ip", "saddr", AddressOf(from).ToString(), "drop");
        if (added.ExitCode != 0)
        {
            throw new InvalidOperationException($"nft could not block {AddressOf(from)} in {NamespaceOf(to)}: {added}");
        }
    }

    /// <summary>Lifts every block inside host K's namespace.</summary>
    public Task UnblockAsync(int host) => ExecAsync(host, "nft", "delete", "table", "inet", "kvt");

    /// <summary>Runs a command to completion inside host K's namespace.</summary>
    public Task<ProcessRun> ExecAsync(int host, params string[] command) => RunAsync([.. ExecPrefix(host), .. command]);

    /// <summary>The processes running in host K's namespace.</summary>
    public Task<IReadOnlyList<int>> ProcessesInAsync(int host) => ProcessesInAsync(NamespaceOf(host));

    /// <summary>The name of the namespace a process runs in ("" for the host's own).</summary>
    public static async Task<string> NamespaceOfProcessAsync(int pid) => (await IpAsync("netns", "identify", pid.ToString())).Trim();

    /// <summary>Kills whatever still runs in this network's namespaces, then removes them and the bridge.</summary>
    public async ValueTask DisposeAsync() => await RemoveAsync(name => name.StartsWith(_runId, StringComparison.Ordinal));

    private IPAddress Address(int last) => IPAddress.Parse($"10.77.{_subnet}.{last}");

    /// <summary>A name this class made in an earlier run whose test process has died, or one that reuses this run's id.</summary>
    private static bool IsLeftover(string name, string runId)
    {
        if (OurName().Match(name) is not { Success: true } match)
        {
            return false;
        }

        var pid = Convert.ToInt32(FromBase36(match.Groups["pid"].Value));
        return name.StartsWith(runId, StringComparison.Ordinal) || (pid <= MaxPid && !Directory.Exists($"/proc/{pid}"));
    }

    private static async Task RemoveAsync(Func<string, bool> remove)
    {
        var namespaces = (await IpAsync("netns", "list")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0])
            .Where(remove);
        foreach (var ns in namespaces)
        {
            // A namespace outlives its name while processes run in it (a crashed run's nodes).
            foreach (var pid in await ProcessesInAsync(ns))
            {
                KillAndWait(pid);
            }

            await RunAsync([IpCommand!, "netns", "delete", ns]);
        }

        // Deleting a namespace deletes the veth pairs with an end in it; a pair still wholly on
        // this host (a crash between two steps) and the bridge are deleted by name.
        var links = (await IpAsync("-o", "link", "show")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':')[1].Trim().Split('@')[0])
            .Where(remove);
        foreach (var link in links)
        {
            await RunAsync([IpCommand!, "link", "delete", link]);
        }
    }

    private static async Task<IReadOnlyList<int>> ProcessesInAsync(string ns) =>
        (await IpAsync("netns", "pids", ns)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();

    private static void KillAndWait(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static async Task<int> FreeSubnetAsync()
    {
        var used = await IpAsync("-4", "addr", "show") + await IpAsync("-4", "route", "show", "table", "all");
        var taken = UsedSubnet().Matches(used).Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();
        var free = Enumerable.Range(0, 255).Where(s => !taken.Contains(s)).ToList();
        return free.Count > 0 ? free[Random.Shared.Next(free.Count)] : throw new InvalidOperationException("No free /24 left in 10.77.0.0/16 on this host.");
    }

    /// <summary>Runs ip with these arguments; its output, or an exception naming the command and its error.</summary>
    private static async Task<string> IpAsync(params string[] arguments)
    {
        var run = await RunAsync([IpCommand!, .. arguments]);
        return run.ExitCode == 0 ? run.Output : throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed: {run}");
    }

    private static Task<ProcessRun> RunAsync(IReadOnlyList<string> command)
    {
        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return ProcessRun.RunAsync(start);
    }

    private static string ToBase36(long value, int digits)
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        var text = new char[digits];
        for (var i = digits - 1; i >= 0; i--)
        {
            text[i] = alphabet[(int)(value % 36)];
            value /= 36;
        }

        return new string(text);
    }

    private static long FromBase36(string text) =>
        text.Aggregate(0L, (value, c) => (value * 36) + (char.IsDigit(c) ? c - '0' : c - 'a' + 10));

    [GeneratedRegex("^" + Prefix + "(?<pid>[0-9a-z]{5})[0-9a-z](b|[nvp][0-9]+)$")]
    private static partial Regex OurName();

    [GeneratedRegex(@"\b10\.77\.([0-9]{1,3})\.")]
    private static partial Regex UsedSubnet();
}
