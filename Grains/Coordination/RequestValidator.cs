using System.Text;
using Microsoft.Extensions.Options;
using OrleansKv.Consistency;
using OrleansKv.Errors;

namespace OrleansKv.Grains.Coordination;

/// <summary>Checks keys, values and levels against <see cref="RequestLimitsOptions"/> before any replica is called.</summary>
public sealed class RequestValidator(IOptions<RequestLimitsOptions> options)
{
    private readonly RequestLimitsOptions _limits = options.Value;

    public void ValidateKey(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidRequestException(InvalidRequestKind.EmptyKey, "The key must not be empty.");
        }

        // Lone surrogates cannot round-trip through UTF-8; the encoder's count tells us cheaply.
        int bytes;
        try
        {
            bytes = new UTF8Encoding(false, true).GetByteCount(key);
        }
        catch (EncoderFallbackException)
        {
            throw new InvalidRequestException(InvalidRequestKind.EmptyKey, "The key is not valid Unicode text.");
        }

        if (bytes > _limits.MaxKeyBytes)
        {
            throw new InvalidRequestException(
                InvalidRequestKind.KeyTooLong, $"The key is {bytes} bytes of UTF-8; the limit is {_limits.MaxKeyBytes}.");
        }
    }

    /// <summary>A listing's prefix: empty (every key), or text that could begin a key.</summary>
    public void ValidatePrefix(string prefix)
    {
        int bytes;
        try
        {
            bytes = new UTF8Encoding(false, true).GetByteCount(prefix);
        }
        catch (EncoderFallbackException)
        {
            throw new InvalidRequestException(InvalidRequestKind.InvalidListing, "The prefix is not valid Unicode text.");
        }

        if (bytes > _limits.MaxKeyBytes)
        {
            throw new InvalidRequestException(
                InvalidRequestKind.InvalidListing, $"The prefix is {bytes} bytes of UTF-8, longer than any key can be ({_limits.MaxKeyBytes}).");
        }
    }

    public void ValidateValue(byte[]? value)
    {
        if (value is null)
        {
            throw new InvalidRequestException(InvalidRequestKind.ValueTooLarge, "The value must not be null.");
        }

        if (value.Length > _limits.MaxValueBytes)
        {
            throw new InvalidRequestException(
                InvalidRequestKind.ValueTooLarge, $"The value is {value.Length} bytes; the limit is {_limits.MaxValueBytes}.");
        }
    }

    /// <summary>The longest time to live: 100 years keeps every expiry instant a valid date.</summary>
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(36525);

    /// <summary>A time to live must be positive and at most <see cref="MaxTimeToLive"/>; null means the value never expires.</summary>
    public static void ValidateTimeToLive(TimeSpan? timeToLive)
    {
        if (timeToLive is { } ttl && (ttl <= TimeSpan.Zero || ttl > MaxTimeToLive))
        {
            throw new InvalidRequestException(
                InvalidRequestKind.InvalidTimeToLive, $"The time to live must be positive and at most {MaxTimeToLive.TotalDays:0} days; got {ttl.TotalSeconds:0.###} s.");
        }
    }

    /// <summary>A plain write is last-writer-wins at one, quorum or all; serial decides only conditions.</summary>
    public static void ValidateUnconditionalLevel(ConsistencyLevel level)
    {
        if (level == ConsistencyLevel.Serial)
        {
            throw new InvalidRequestException(
                InvalidRequestKind.LevelNotForCondition,
                "Consistency 'serial' is for conditional writes: add a condition (if_version or if_absent) or use one, quorum or all.");
        }
    }

    /// <summary>Serial is a Paxos round on one key: a listing, an export or an import reads or writes many keys at one, quorum or all.</summary>
    public static void ValidateManyKeysLevel(ConsistencyLevel level, string what)
    {
        if (level == ConsistencyLevel.Serial)
        {
            throw new InvalidRequestException(
                InvalidRequestKind.LevelNotForCondition,
                $"Consistency 'serial' applies to single keys (conditional writes and serial reads); {what} takes one, quorum or all.");
        }
    }

    /// <summary>A condition is decided by Paxos, which only the serial level runs.</summary>
    public static void ValidateConditionalLevel(ConsistencyLevel level)
    {
        if (level != ConsistencyLevel.Serial)
        {
            throw new InvalidRequestException(
                InvalidRequestKind.LevelNotForCondition,
                $"Conditional writes need consistency 'serial' (the default for them); '{level.ToWireName()}' cannot decide a condition.");
        }
    }

    public static void ValidateLevel(ConsistencyLevel level)
    {
        if (!Enum.IsDefined(level))
        {
            throw new InvalidRequestException(
                InvalidRequestKind.UnknownConsistencyLevel,
                $"Unknown consistency level {(int)level}; valid levels: {string.Join(", ", ConsistencyLevels.Names)}.");
        }
    }
}
