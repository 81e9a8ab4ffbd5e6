using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Errors;
using OrleansKv.Results;
using OrleansKv.Versioning;

namespace OrleansKv.Client;

/// <summary>
/// Conditional writes and read-modify-write at <c>serial</c>: linearizable per key.
/// </summary>
/// <remarks>
/// A conditional write is never retried once a coordinator may have received it: a retry of one
/// that did apply would find its own write and report the condition failed (DataStax JAVA-819).
/// Only refusals that prove the coordinator did nothing (its node is down, the connection
/// failed) move on to the next coordinator. An outcome that is not known throws: a
/// <see cref="ConsistencyNotMetException"/> whose <see cref="ConsistencyNotMetException.MayHaveBeenApplied"/>
/// says whether the write may still take effect, or a <see cref="TimeoutException"/> (it may have).
/// A <c>serial</c> read afterwards shows the key as it is decided.
/// </remarks>
public sealed partial class KeyValueClient
{
    /// <summary>Writes <paramref name="value"/> only if the key is absent (never written, deleted or expired).</summary>
    [RequiresUnreferencedCode(ReflectionWarning), RequiresDynamicCode(ReflectionWarning)]
    public Task<ConditionalWriteResult<T>> PutIfAbsentAsync<T>(string key, T value, ConditionalWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        PutIfAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, _options.JsonSerializerOptions), WriteCondition.Absent, options, Reflected<T>, cancellationToken);

    /// <summary>Writes <paramref name="value"/> only if the key is absent (never written, deleted or expired).</summary>
    public Task<ConditionalWriteResult<T>> PutIfAbsentAsync<T>(string key, T value, JsonTypeInfo<T> typeInfo, ConditionalWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        PutIfAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), WriteCondition.Absent, options, bytes => JsonSerializer.Deserialize(bytes, typeInfo)!, cancellationToken);

    /// <summary>Writes <paramref name="value"/> only if the key holds exactly <paramref name="expectedVersion"/> (as a read returned it).</summary>
    [RequiresUnreferencedCode(ReflectionWarning), RequiresDynamicCode(ReflectionWarning)]
    public Task<ConditionalWriteResult<T>> CompareAndSetAsync<T>(
        string key, ValueVersion expectedVersion, T value, ConditionalWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        PutIfAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, _options.JsonSerializerOptions), WriteCondition.Version(expectedVersion), options, Reflected<T>, cancellationToken);

    /// <summary>Writes <paramref name="value"/> only if the key holds exactly <paramref name="expectedVersion"/> (as a read returned it).</summary>
    public Task<ConditionalWriteResult<T>> CompareAndSetAsync<T>(
        string key, ValueVersion expectedVersion, T value, JsonTypeInfo<T> typeInfo, ConditionalWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        PutIfAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), WriteCondition.Version(expectedVersion), options, bytes => JsonSerializer.Deserialize(bytes, typeInfo)!, cancellationToken);

    /// <summary>Deletes the key only if it holds exactly <paramref name="expectedVersion"/>; on failure, the current value as JSON.</summary>
    public async Task<ConditionalWriteResult<JsonElement>> DeleteIfAsync(
        string key, ValueVersion expectedVersion, ConditionalWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var write = await InvokeUndeliveredOnlyAsync(
                coordinator => _cluster.DeleteIfAsync(coordinator, key, WriteCondition.Version(expectedVersion)), options?.Timeout, cancellationToken);
            return new ConditionalWriteResult<JsonElement>(true, write, null);
        }
        catch (ConditionFailedException failed)
        {
            return new ConditionalWriteResult<JsonElement>(false, null, CurrentOf(key, failed, StoredJson.ToJson));
        }
    }

    /// <summary>
    /// Read-modify-write: reads the key at <c>serial</c>, writes <paramref name="change"/>'s result
    /// only if the key still holds what was read, and starts again from the key as the failed
    /// condition saw it, with backoff and jitter, up to <see cref="UpdateOptions.MaxAttempts"/>;
    /// a write that could not be decided but was certainly not applied is tried again too. One
    /// that may have been applied throws (<see cref="ConsistencyNotMetException.MayHaveBeenApplied"/>):
    /// trying again could apply the change twice.
    /// <paramref name="change"/> gets default for an absent key and may run several times.
    /// Returns the value written and its version.
    /// </summary>
    [RequiresUnreferencedCode(ReflectionWarning), RequiresDynamicCode(ReflectionWarning)]
    public Task<KeyValueEntry<T>> UpdateAsync<T>(string key, Func<T?, T> change, UpdateOptions? options = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(key, change, value => JsonSerializer.SerializeToUtf8Bytes(value, _options.JsonSerializerOptions), Reflected<T>, options, cancellationToken);

    /// <summary>Read-modify-write with source-generated JSON metadata; see the other overload.</summary>
    public Task<KeyValueEntry<T>> UpdateAsync<T>(
        string key, Func<T?, T> change, JsonTypeInfo<T> typeInfo, UpdateOptions? options = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(key, change, value => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), bytes => JsonSerializer.Deserialize(bytes, typeInfo)!, options, cancellationToken);

    private async Task<KeyValueEntry<T>> UpdateAsync<T>(
        string key, Func<T?, T> change, Func<T, byte[]> serialize, Func<byte[], T> deserialize, UpdateOptions? options, CancellationToken cancellationToken)
    {
        options ??= new UpdateOptions();
        var read = await ReadAsync(key, new ReadOptions { Level = ConsistencyLevel.Serial, Timeout = options.Timeout }, cancellationToken);
        var current = read.Value is null ? null : new KeyValueEntry<T>(key, deserialize(read.Value), read.Version!, read.ExpiresAt);
        var writeOptions = new ConditionalWriteOptions { Ttl = options.Ttl, Timeout = options.Timeout };
        for (var attempt = 1; ; attempt++)
        {
            var next = change(current is null ? default : current.Value);
            var condition = current is null ? WriteCondition.Absent : WriteCondition.Version(current.Version);
            ConditionalWriteResult<T> outcome;
            try
            {
                outcome = await PutIfAsync(key, serialize(next), condition, writeOptions, deserialize, cancellationToken);
            }
            catch (ConsistencyNotMetException undecided) when (!undecided.MayHaveBeenApplied && attempt < options.MaxAttempts)
            {
                // Not applied and never will be (contention, or too few replicas for a while): try again as it was.
                await BackoffAsync(options, attempt, cancellationToken);
                continue;
            }

            if (outcome.Applied)
            {
                return new KeyValueEntry<T>(key, next, outcome.Write!.Version, options.Ttl is { } ttl ? outcome.Write.Version.WallClock.Add(ttl) : null);
            }

            if (attempt >= options.MaxAttempts)
            {
                throw new ConditionFailedException(
                    key, $"update: the key changed under each of {attempt} attempts", outcome.Current is null ? null : serialize(outcome.Current.Value), outcome.Current?.Version);
            }

            current = outcome.Current;
            await BackoffAsync(options, attempt, cancellationToken);
        }
    }

    private static Task BackoffAsync(UpdateOptions options, int attempt, CancellationToken cancellationToken)
    {
        var ceiling = Math.Min(1000, options.Backoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 10)));
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), cancellationToken);
    }

    private async Task<ConditionalWriteResult<T>> PutIfAsync<T>(
        string key, byte[] value, WriteCondition condition, ConditionalWriteOptions? options, Func<byte[], T> deserialize, CancellationToken cancellationToken)
    {
        try
        {
            var write = await InvokeUndeliveredOnlyAsync(
                coordinator => _cluster.PutIfAsync(coordinator, key, value, condition, options?.Ttl), options?.Timeout, cancellationToken);
            return new ConditionalWriteResult<T>(true, write, null);
        }
        catch (ConditionFailedException failed)
        {
            return new ConditionalWriteResult<T>(false, null, CurrentOf(key, failed, deserialize));
        }
    }

    private static KeyValueEntry<T>? CurrentOf<T>(string key, ConditionFailedException failed, Func<byte[], T> deserialize) =>
        failed.CurrentValue is { } bytes
            ? new KeyValueEntry<T>(key, deserialize(bytes), failed.CurrentVersion!,
                failed.CurrentExpiresAtUnixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null)
            : null;

    [RequiresUnreferencedCode(ReflectionWarning), RequiresDynamicCode(ReflectionWarning)]
    private T Reflected<T>(byte[] bytes) => JsonSerializer.Deserialize<T>(bytes, _options.JsonSerializerOptions)!;

    /// <summary>
    /// Calls one coordinator after another only while each refuses without doing anything (its
    /// node is down, or the message never reached it); anything else, a timeout included, is the answer.
    /// </summary>
    private async Task<T> InvokeUndeliveredOnlyAsync<T>(Func<string, Task<T>> call, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var limit = timeout ?? _options.RequestTimeout;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        var index = _coordinators.First();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(_coordinators[index]).WaitAsync(bounded.Token);
            }
            catch (Exception e) when (e is NodeUnavailableException or ConnectionFailedException or OrleansMessageRejectionException
                && attempt <= _options.MaxRetries && !bounded.IsCancellationRequested)
            {
                _coordinators.MarkFailed(index);
                index = _coordinators.After(index);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"The conditional request did not complete within {limit.TotalSeconds:0.###} s; it may or may not have been applied (a serial read tells).");
            }
        }
    }
}
