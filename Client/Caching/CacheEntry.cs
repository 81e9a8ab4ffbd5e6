using System.Text.Json.Serialization;

namespace OrleansKv.Client.Caching;

/// <summary>
/// How a cache entry is stored: a JSON document (as every value is) with the bytes in base64 and
/// the expiry settings a sliding refresh needs. Times are Unix milliseconds.
/// </summary>
/// <param name="Data">The cached bytes.</param>
/// <param name="ExpiresAtMs">When the entry expires as of its last write or refresh.</param>
/// <param name="AbsoluteExpiryMs">The absolute expiration, which refreshes never pass.</param>
/// <param name="SlidingMs">The sliding window, renewed by each read or refresh.</param>
internal sealed record CacheEntry(byte[] Data, long? ExpiresAtMs, long? AbsoluteExpiryMs, long? SlidingMs);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CacheEntry))]
internal sealed partial class CacheJsonContext : JsonSerializerContext;
