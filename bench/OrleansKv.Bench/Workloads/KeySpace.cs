namespace OrleansKv.Bench.Workloads;

/// <summary>The keys a run touches: <c>{prefix}{i}</c> for i in [0, count), chosen uniformly.</summary>
public sealed class KeySpace(string prefix, long count)
{
    public long Count => count;

    public string KeyAt(long index) => string.Concat(prefix, index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string Random(Random random) => KeyAt(random.NextInt64(count));
}
