using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OrleansKv.Client;

/// <summary>
/// Listing: every live key with a prefix, in the cluster's listing order (by ring token, not
/// alphabetical), fetched a page at a time as the caller enumerates. Each page is one call, retried
/// on another coordinator like any other: the cursor names a place in the key order, not a node.
/// </summary>
public sealed partial class KeyValueClient
{
    private static readonly ListOptions DefaultList = new();

    [RequiresUnreferencedCode(ReflectionWarning), RequiresDynamicCode(ReflectionWarning)]
    public IAsyncEnumerable<KeyValueEntry<T>> ListAsync<T>(string prefix = "", ListOptions? options = null, CancellationToken cancellationToken = default) =>
        ListAsync(prefix, options, value => JsonSerializer.Deserialize<T>(value, _options.JsonSerializerOptions)!, cancellationToken);

    public IAsyncEnumerable<KeyValueEntry<T>> ListAsync<T>(string prefix, JsonTypeInfo<T> typeInfo, ListOptions? options = null, CancellationToken cancellationToken = default) =>
        ListAsync(prefix, options, value => JsonSerializer.Deserialize(value, typeInfo)!, cancellationToken);

    private async IAsyncEnumerable<KeyValueEntry<T>> ListAsync<T>(
        string prefix, ListOptions? options, Func<byte[], T> decode, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        options ??= DefaultList;
        string? cursor = null;
        do
        {
            var after = cursor;
            var page = await InvokeAsync(
                coordinator => _cluster.ListKeysAsync(coordinator, prefix, options.PageSize, after, options.Level), options.Timeout, cancellationToken);
            foreach (var key in page.Keys)
            {
                yield return new KeyValueEntry<T>(key.Key, decode(key.Value), key.Version, key.ExpiresAt);
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }
}
