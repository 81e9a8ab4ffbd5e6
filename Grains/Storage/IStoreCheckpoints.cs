namespace OrleansKv.Grains.Storage;

/// <summary>Point-in-time copies of the node's whole database (data, hints, node records, Paxos state).</summary>
public interface IStoreCheckpoints
{
    /// <summary>
    /// Writes a consistent, openable copy of the database as it is now into
    /// <paramref name="directory"/>, which must not exist. Memtables are flushed first, then table
    /// files are hard-linked (copied only across filesystems), so it takes about as long as the
    /// flush and little extra disk until compaction replaces the linked files. Throws
    /// <see cref="IOException"/> when it cannot.
    /// </summary>
    void SaveCheckpoint(string directory);
}
