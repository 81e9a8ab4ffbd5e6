namespace OrleansKv.Bench.Workloads;

/// <summary>
/// A YCSB-style operation mix over a uniform key space. <see cref="ReadFraction"/> is the share
/// of GETs (write-only 0, read-only 1, YCSB A 0.5, YCSB B 0.95). <c>load</c> writes every key of
/// the key space exactly once, in order, and then stops (YCSB's load phase). <c>cas</c> is a
/// conditional increment (a <c>serial</c> read, then a compare-and-set of the value plus one,
/// again from the current value while another writer wins); it always runs at <c>serial</c>.
/// </summary>
public sealed record Workload(string Name, double ReadFraction, bool IsLoad = false, bool IsConditional = false)
{
    public static IReadOnlyList<Workload> All { get; } =
    [
        new("write", 0),
        new("read", 1),
        new("50-50", 0.5),
        new("95-5", 0.95),
        new("load", 0, IsLoad: true),
        new("cas", 0, IsConditional: true),
    ];

    public static IEnumerable<string> Names => All.Select(w => w.Name);

    public static Workload? Find(string name) => All.FirstOrDefault(w => w.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public bool Reads => ReadFraction > 0;

    /// <summary>Whether the next operation is a read.</summary>
    public bool NextIsRead(Random random) => ReadFraction >= 1 || (ReadFraction > 0 && random.NextDouble() < ReadFraction);
}
