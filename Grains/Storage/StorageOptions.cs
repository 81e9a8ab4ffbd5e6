using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrleansKv.Grains.Storage;

/// <summary>Where and how a node keeps its data (section <c>OrleansKv:Storage</c>).</summary>
public sealed class StorageOptions : IValidatableObject
{
    /// <summary>Fsync of the write-ahead log before each write group is acknowledged (<see cref="FsyncIntervalMs"/>).</summary>
    public const int FsyncEachWriteGroup = 0;

    /// <summary>No fsync by the node: the OS writes the write-ahead log out when it sees fit (<see cref="FsyncIntervalMs"/>).</summary>
    public const int FsyncLeftToOs = -1;

    /// <summary>The node's data directory (RocksDB files live in "DIR/kv"). Required.</summary>
    [Required(ErrorMessage = "OrleansKv:Storage:DataDirectory is required.")]
    public string DataDirectory { get; set; } = "";

    /// <summary>
    /// When acknowledged writes reach the disk: how often RocksDB's write-ahead log (data, hints
    /// and node records share it) is fsynced, as Garnet's commit frequency. A write is
    /// acknowledged once it is in the log, so it always survives a crash of the process (kill -9).
    /// <list type="bullet">
    /// <item>-1 (<see cref="FsyncLeftToOs"/>, default): never by the node; the OS writes the log
    /// out in its own time, so a power loss can lose what it had not written yet.</item>
    /// <item>0 (<see cref="FsyncEachWriteGroup"/>): writes queue to one commit loop that writes
    /// whatever has queued (up to 1,024) as one group and fsyncs it before acknowledging any of
    /// them: survives power loss, at the cost of an fsync per group.</item>
    /// <item>N &gt; 0: writes are acknowledged from the log as with -1, and the log is fsynced
    /// every N ms (when anything was written): a power loss loses at most about the last N ms.</item>
    /// </list>
    /// </summary>
    public int FsyncIntervalMs { get; set; } = FsyncLeftToOs;

    /// <summary>
    /// Size of the data's in-memory write buffer (RocksDB memtable) before it is flushed to a
    /// file, in MiB. Every read and every write searches it; a smaller one is searched faster but
    /// flushed more often. Default 64.
    /// </summary>
    public int WriteBufferMegabytes { get; set; } = 64;

    /// <summary>True when every write group is fsynced before it is acknowledged (<see cref="FsyncIntervalMs"/> 0).</summary>
    internal bool FsyncsEachWriteGroup => FsyncIntervalMs == FsyncEachWriteGroup;

    /// <summary>How often the write-ahead log is fsynced in the background; null when it is not (each group, or the OS).</summary>
    internal TimeSpan? FsyncInterval => FsyncIntervalMs > 0 ? TimeSpan.FromMilliseconds(FsyncIntervalMs) : null;

    /// <summary>The rules of these settings, each failure naming its full key (run at start-up by <see cref="StorageOptionsValidator"/>).</summary>
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (FsyncIntervalMs < FsyncLeftToOs)
        {
            yield return Invalid("FsyncIntervalMs must be -1 (left to the OS), 0 (each write group) or a number of milliseconds.");
        }
    }

    private static ValidationResult Invalid(string rule) => new($"OrleansKv:Storage:{rule}");
}

/// <summary>Validates <see cref="StorageOptions"/> at start-up: source-generated, it runs the class's annotations and its <see cref="IValidatableObject"/> rules.</summary>
[OptionsValidator]
public sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
