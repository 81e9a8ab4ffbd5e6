namespace OrleansKv.Silo.Node;

/// <summary>The node process's own lifecycle lines, across silo generations (the launcher relays them: <c>--cluster</c> shows a comeback).</summary>
internal static partial class NodeHostLog
{
    /// <summary>The category of these lines; the launcher relays every line of it.</summary>
    public const string Category = "OrleansKv.Silo.Node.NodeHost";

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning,
        Message = "{NodeId} (silo {SiloAddress}) was stopped by the cluster: {Reason}. It comes back by itself as a new silo generation with the same data and hints, in {DelaySeconds} s.")]
    public static partial void StoppedByCluster(ILogger logger, string nodeId, string siloAddress, string reason, double delaySeconds);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning,
        Message = "{NodeId} is back as silo {SiloAddress}, a new generation, {Seconds:0.0} s after its previous silo stopped.")]
    public static partial void BackAsNewGeneration(ILogger logger, string nodeId, string siloAddress, double seconds);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Warning,
        Message = "{NodeId} could not start yet: {Reason} Trying again in {DelaySeconds} s.")]
    public static partial void StartRetried(ILogger logger, string nodeId, string reason, double delaySeconds);
}
