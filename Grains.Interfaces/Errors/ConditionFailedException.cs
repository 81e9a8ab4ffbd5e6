using OrleansKv.Versioning;

namespace OrleansKv.Errors;

/// <summary>
/// A conditional write whose condition did not hold, decided at <c>serial</c>: nothing was
/// written. Carries the key as the decision saw it, so the caller can retry without reading again.
/// </summary>
[GenerateSerializer, Alias("kv.ConditionFailedException")]
public sealed class ConditionFailedException : Exception
{
    public ConditionFailedException(string key, string condition, byte[]? currentValue, ValueVersion? currentVersion, long? currentExpiresAtUnixMs = null)
        : base(currentValue is null
            ? $"Condition '{condition}' failed for key '{key}': the key is absent."
            : $"Condition '{condition}' failed for key '{key}': its version is {currentVersion}.")
    {
        Key = key;
        Condition = condition;
        CurrentValue = currentValue;
        CurrentVersion = currentVersion;
        CurrentExpiresAtUnixMs = currentExpiresAtUnixMs;
    }

    [Id(0)] public string Key { get; }

    [Id(1)] public string Condition { get; }

    /// <summary>The key's value when the condition was evaluated; null when it was absent.</summary>
    [Id(2)] public byte[]? CurrentValue { get; }

    /// <summary>The version of <see cref="CurrentValue"/>; null when the key was absent.</summary>
    [Id(3)] public ValueVersion? CurrentVersion { get; }

    [Id(4)] public long? CurrentExpiresAtUnixMs { get; }

    public bool Found => CurrentValue is not null;
}
