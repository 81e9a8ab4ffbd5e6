using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OrleansKv.Grains.Storage;

namespace OrleansKv.Grains.Hosting;

/// <summary>
/// Settings that were renamed or removed. A node that still sets one refuses to start with a
/// message naming what replaced it, instead of running without it: a <c>SyncWrites=true</c>
/// dropped in silence would leave the node without the fsync its operator asked for. Checked
/// with <see cref="StorageOptions"/>, which every node validates at start-up.
/// </summary>
internal sealed class RetiredSettings(IConfiguration? configuration) : IValidateOptions<StorageOptions>
{
    /// <summary>Each retired key (below <c>OrleansKv</c>) and what to set instead.</summary>
    public static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>
    {
        ["Storage:SyncWrites"] = "set OrleansKv:Storage:FsyncIntervalMs instead (SyncWrites=false is -1, true is 0)",
        ["Storage:MaxWriteBatch"] = "a write group holds up to 1024 writes; remove it",
        ["Storage:VersionCacheEntries"] = "the version cache is gone; remove it",
        ["Storage:PipelinedWrite"] = "it is OrleansKv:Experimental:PipelinedWrite now",
        ["Storage:WriteThreadAdaptiveYield"] = "it is OrleansKv:Experimental:WriteThreadAdaptiveYield now",
        ["Replication:ReadFanout"] = "it is OrleansKv:Experimental:ReadFanout now",
    };

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var set = Keys
            .Where(retired => configuration?[$"{KeyValueNodeSiloBuilderExtensions.ConfigurationSection}:{retired.Key}"] is not null)
            .Select(retired => $"OrleansKv:{retired.Key} is no longer read: {retired.Value}.")
            .ToArray();
        return set.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(set);
    }
}
