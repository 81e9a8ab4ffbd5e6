using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansKv.Results;

namespace OrleansKv.Client;

/// <summary>
/// Typed values through System.Text.Json. The <see cref="JsonTypeInfo{T}"/> overloads take
/// source-generated metadata and are safe to trim and to compile ahead of time; the others use
/// <see cref="KeyValueClientOptions.JsonSerializerOptions"/> and reflection.
/// </summary>
/// <remarks>
/// Raw bytes have no form of their own: a <c>byte[]</c> is stored as System.Text.Json writes it,
/// a JSON string holding the bytes in base64, which is also what HTTP and the shell show.
/// A JSON <c>null</c> is a value, but <see cref="GetAsync{T}(string, ReadOptions?, CancellationToken)"/>
/// cannot tell it from an absent key; <see cref="GetEntryAsync{T}(string, ReadOptions?, CancellationToken)"/> can.
/// </remarks>
public sealed partial class KeyValueClient
{
    private const string ReflectionWarning = "Uses reflection-based JSON serialization; use the JsonTypeInfo<T> overload for trimmed or AOT code.";

    [RequiresUnreferencedCode(ReflectionWarning), RequiresDynamicCode(ReflectionWarning)]
    public Task<WriteResult> PutAsync<T>(string key, T value, PutOptions? options = null, CancellationToken cancellationToken = default) =>
        PutSerializedAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, _options.JsonSerializerOptions), options, cancellationToken);

    public Task<WriteResult> PutAsync<T>(string key, T value, JsonTypeInfo<T> typeInfo, PutOptions? options = null, CancellationToken cancellationToken = default) =>
        PutSerializedAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), options, cancellationToken);

    /// <summary>The value, or default when the key is absent, deleted or expired.</summary>
    [RequiresUnreferencedCode(ReflectionWarning), RequiresDynamicCode(ReflectionWarning)]
    public async Task<T?> GetAsync<T>(string key, ReadOptions? options = null, CancellationToken cancellationToken = default) =>
        (await GetEntryAsync<T>(key, options, cancellationToken)) is { } entry ? entry.Value : default;

    /// <summary>The value, or default when the key is absent, deleted or expired.</summary>
    public async Task<T?> GetAsync<T>(string key, JsonTypeInfo<T> typeInfo, ReadOptions? options = null, CancellationToken cancellationToken = default) =>
        (await GetEntryAsync(key, typeInfo, options, cancellationToken)) is { } entry ? entry.Value : default;

    /// <summary>The value with its version and expiry; null when the key is absent, deleted or expired.</summary>
    [RequiresUnreferencedCode(ReflectionWarning), RequiresDynamicCode(ReflectionWarning)]
    public async Task<KeyValueEntry<T>?> GetEntryAsync<T>(string key, ReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await ReadAsync(key, options, cancellationToken);
        return result.Value is null
            ? null
            : new KeyValueEntry<T>(key, JsonSerializer.Deserialize<T>(result.Value, _options.JsonSerializerOptions)!, result.Version!, result.ExpiresAt);
    }

    /// <summary>The value with its version and expiry; null when the key is absent, deleted or expired.</summary>
    public async Task<KeyValueEntry<T>?> GetEntryAsync<T>(string key, JsonTypeInfo<T> typeInfo, ReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await ReadAsync(key, options, cancellationToken);
        return result.Value is null
            ? null
            : new KeyValueEntry<T>(key, JsonSerializer.Deserialize(result.Value, typeInfo)!, result.Version!, result.ExpiresAt);
    }
}
