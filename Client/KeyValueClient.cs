using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansKv.Client.Resilience;
using OrleansKv.Consistency;
using OrleansKv.Results;
using Polly;
using Polly.Timeout;

namespace OrleansKv.Client;

/// <summary>
/// The entry point for .NET services that embed OrleansKv: put, get and delete at a consistency
/// level, over an Orleans client (or a silo's grain factory). Values are JSON documents, as
/// through the HTTP API and the shell; the typed overloads (KeyValueClient.Json.cs) use
/// System.Text.Json. Each attempt is a call of <see cref="KeyValueCluster"/> to one coordinator.
/// </summary>
/// <remarks>
/// Requests rotate over the configured coordinators (see <see cref="CoordinatorRotation"/> for
/// why). A coordinator that is down, unreachable or slower than
/// <see cref="KeyValueClientOptions.AttemptTimeout"/> is left for the next one, with backoff, and
/// skipped for <see cref="KeyValueClientOptions.CoordinatorQuarantine"/>;
/// see <see cref="CoordinatorFailover"/> for why retried writes are safe. Every call is bounded
/// by its timeout (<see cref="KeyValueClientOptions.RequestTimeout"/> unless the call sets one)
/// and throws <see cref="TimeoutException"/> when it runs out. Thread-safe; register it once.
/// </remarks>
public sealed partial class KeyValueClient
{
    private readonly IGrainFactory _grains;
    private readonly KeyValueCluster _cluster;
    private readonly KeyValueClientOptions _options;
    private readonly CoordinatorRotation _coordinators;
    private readonly ResiliencePipeline _pipeline;

    public KeyValueClient(IGrainFactory grains, IOptions<KeyValueClientOptions> options, ILogger<KeyValueClient>? logger = null)
        : this(grains, options.Value, logger)
    {
    }

    /// <summary>A client of the coordinators of <paramref name="coordinatorNodes"/>, with default settings otherwise.</summary>
    public KeyValueClient(IGrainFactory grains, IEnumerable<string> coordinatorNodes)
        : this(grains, new KeyValueClientOptions { CoordinatorNodes = [.. coordinatorNodes] })
    {
    }

    public KeyValueClient(IGrainFactory grains, KeyValueClientOptions options, ILogger<KeyValueClient>? logger = null)
    {
        options.Validate();
        _grains = grains;
        _cluster = new KeyValueCluster(grains);
        _options = options;
        _coordinators = new CoordinatorRotation([.. options.CoordinatorNodes], options.CoordinatorQuarantine, TimeProvider.System);
        _pipeline = CoordinatorFailover.Build(options, logger ?? (ILogger)NullLogger.Instance);
    }

    /// <summary>The settings this client runs with.</summary>
    public KeyValueClientOptions Options => _options;

    /// <summary>A client whose requests are all coordinated by <paramref name="nodeId"/>: no failover.</summary>
    public KeyValueClient ForNode(string nodeId)
    {
        var single = new KeyValueClientOptions
        {
            CoordinatorNodes = [nodeId],
            RequestTimeout = _options.RequestTimeout,
            AttemptTimeout = _options.AttemptTimeout,
            MaxRetries = 0,
            CoordinatorQuarantine = _options.CoordinatorQuarantine,
            RetryDelay = _options.RetryDelay,
            JsonSerializerOptions = _options.JsonSerializerOptions,
        };
        return new KeyValueClient(_grains, single);
    }

    /// <summary>
    /// Stores <paramref name="utf8Json"/>, which must be one UTF-8 JSON document (the form every
    /// entry point shares). Prefer the typed overloads, which produce it.
    /// </summary>
    public Task<WriteResult> PutJsonAsync(string key, ReadOnlyMemory<byte> utf8Json, PutOptions? options = null, CancellationToken cancellationToken = default)
    {
        StoredJson.EnsureDocument(utf8Json.Span);
        return PutSerializedAsync(key, utf8Json.ToArray(), options, cancellationToken);
    }

    /// <summary>Stores bytes that System.Text.Json produced, so they need no check.</summary>
    private Task<WriteResult> PutSerializedAsync(string key, byte[] value, PutOptions? options, CancellationToken cancellationToken)
    {
        options ??= DefaultPut;
        return InvokeAsync(
            coordinator => _cluster.PutAsync(coordinator, key, value, options.Level, options.Ttl), options.Timeout, cancellationToken);
    }

    /// <summary>The newest value among the replicas that answered, with its version; <see cref="ReadResult.Value"/> is null when absent, deleted or expired.</summary>
    public Task<ReadResult> ReadAsync(string key, ReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= DefaultRead;
        return InvokeAsync(coordinator => _cluster.GetAsync(coordinator, key, options.Level), options.Timeout, cancellationToken);
    }

    /// <summary>Deletes the key: a versioned tombstone on its replicas.</summary>
    public Task<WriteResult> DeleteAsync(string key, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= DefaultDelete;
        return InvokeAsync(coordinator => _cluster.DeleteAsync(coordinator, key, options.Level), options.Timeout, cancellationToken);
    }

    private static readonly PutOptions DefaultPut = new();
    private static readonly ReadOptions DefaultRead = new();
    private static readonly WriteOptions DefaultDelete = new();

    /// <summary>Runs <paramref name="call"/> with the coordinator node of each attempt, retried and bounded as the class says.</summary>
    private async Task<T> InvokeAsync<T>(Func<string, Task<T>> call, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var limit = timeout ?? _options.RequestTimeout;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        var index = -1;
        var attempt = 0;
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    // No attempt starts after the deadline, even one the timer has not yet
                    // cancelled (its resolution is a millisecond): a call that would finish at
                    // once must not succeed past its timeout either.
                    if (Stopwatch.GetElapsedTime(started) >= limit)
                    {
                        throw new OperationCanceledException(bounded.Token);
                    }

                    index = index < 0 ? _coordinators.First() : _coordinators.After(index);
                    attempt++;
                    try
                    {
                        // WaitAsync: a grain call does not observe the token, and a frozen node would hold it.
                        return await call(_coordinators[index]).WaitAsync(token);
                    }
                    catch (Exception e) when (CoordinatorFailover.IsTransient(e) || (e is OperationCanceledException && !bounded.IsCancellationRequested))
                    {
                        _coordinators.MarkFailed(index);
                        throw;
                    }
                },
                bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The OrleansKv request did not complete within {limit.TotalSeconds:0.###} s ({attempt} attempt(s)).");
        }
        catch (TimeoutRejectedException e)
        {
            throw new TimeoutException(
                $"No coordinator answered within {_options.AttemptTimeout.TotalSeconds:0.###} s ({attempt} attempt(s)).", e);
        }
    }
}
