using System.Diagnostics;
using System.Globalization;
using OrleansKv.Contracts;
using OrleansKv.Grains.Storage;
using OrleansKv.Versioning;

// Fills a stopped node's data directory with N keys straight through the store (no cluster, no
// HTTP): how bench/startup.sh gives a node 10 million keys in minutes instead of an hour of
// requests. The keys are those of OrleansKv.Bench ("bench:0", "bench:1", ...), the values JSON
// strings of the given size of random letters (so that they do not compress away on disk), every
// version one timestamp written by "fill".
//
//   OrleansKv.FillStore NODE_DATA_DIR KEYS [VALUE_BYTES=100] [KEY_PREFIX=bench:]
if (args.Length is < 2 or > 4 || !long.TryParse(args[1], out var keys) || keys < 0)
{
    Console.Error.WriteLine("usage: OrleansKv.FillStore NODE_DATA_DIR KEYS [VALUE_BYTES=100] [KEY_PREFIX=bench:]");
    return 2;
}

var valueBytes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
var prefix = args.Length > 3 ? args[3] : "bench:";
const int BatchSize = 10_000;

// JSON strings of exactly valueBytes bytes, as the HTTP API would store them; a pool of random ones.
var random = new Random(14);
var version = new ValueVersion(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << ValueVersion.LogicalBits, "fill");
var values = Enumerable.Range(0, 4096)
    .Select(_ => new VersionedValue(version, System.Text.Encoding.UTF8.GetBytes(
        "\"" + new string(Enumerable.Range(0, Math.Max(0, valueBytes - 2)).Select(_ => (char)('a' + random.Next(26))).ToArray()) + "\"")))
    .ToArray();
var watch = Stopwatch.StartNew();
await using (var store = RocksDbKeyValueStore.Open(new StorageOptions { DataDirectory = args[0] }))
{
    var batch = new List<ReplicaWrite>(BatchSize);
    for (long i = 0; i < keys; i++)
    {
        batch.Add(new ReplicaWrite(string.Concat(prefix, i.ToString(CultureInfo.InvariantCulture)), values[i % values.Length]));
        if (batch.Count == BatchSize || i == keys - 1)
        {
            await store.ApplyManyAsync(batch);
            batch.Clear();
        }

        if ((i + 1) % 1_000_000 == 0)
        {
            Console.WriteLine($"{i + 1} keys, {watch.Elapsed.TotalSeconds:0.0} s");
        }
    }
}

Console.WriteLine($"filled {args[0]} with {keys} keys of {valueBytes} bytes in {watch.Elapsed.TotalSeconds:0.0} s");
return 0;
