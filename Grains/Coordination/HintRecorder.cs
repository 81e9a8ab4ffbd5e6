using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansKv.Grains.Storage;
using OrleansKv.Versioning;

namespace OrleansKv.Grains.Coordination;

/// <summary>
/// What a coordinator does when a replica misses a write: keep a hint for it (unless hinted
/// handoff is off, or the replica is this node itself, whose own store just failed). Never
/// throws: a hint that cannot be kept is logged, and anti-entropy repairs the replica later.
/// </summary>
public sealed partial class HintRecorder(
    HintStore store, ILocalSiloDetails silo, IOptions<HintedHandoffOptions> options, ILogger<HintRecorder> logger)
{
    private readonly bool _enabled = options.Value.Enabled;

    public void Record(string target, string key, VersionedValue value)
    {
        if (!_enabled || target == silo.Name)
        {
            return;
        }

        try
        {
            store.Add(target, key, value);
        }
        catch (Exception ex)
        {
            LogHintNotKept(logger, ex, target, key);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Could not keep a hint for {Target} (key {Key}); anti-entropy will repair it")]
    private static partial void LogHintNotKept(ILogger logger, Exception exception, string target, string key);
}
