namespace OrleansKv.Grains.Coordination;

/// <summary>Limits on what a request may carry, checked by the coordinator.</summary>
public sealed class RequestLimitsOptions
{
    /// <summary>Longest key, in UTF-8 bytes. Default 1024.</summary>
    public int MaxKeyBytes { get; set; } = 1024;

    /// <summary>Largest value, in bytes. Default 1 MiB.</summary>
    public int MaxValueBytes { get; set; } = 1024 * 1024;
}
