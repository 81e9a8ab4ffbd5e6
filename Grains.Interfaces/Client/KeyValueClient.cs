using System.Text;
using Microsoft.Extensions.Options;
using OrleansKv.Consistency;
using OrleansKv.Contracts;
using OrleansKv.Errors;
using OrleansKv.Results;

namespace OrleansKv.Client;

/// <summary>
/// The typed entry point for .NET services that embed OrleansKv: put, get and delete at a
/// consistency level, over an Orleans client (or a silo's grain factory).
/// </summary>
/// <remarks>
/// Requests go to the coordinator of the first configured node that is up; a coordinator whose
/// node is down is skipped and the next one tried. Failures of replicas are not retried here:
/// they surface as <see cref="ConsistencyNotMetException"/>.
/// </remarks>
public sealed class KeyValueClient
{
    private readonly IGrainFactory _grains;
    private readonly string[] _coordinators;
    private int _preferred;

    public KeyValueClient(IGrainFactory grains, IOptions<KeyValueClientOptions> options)
        : this(grains, options.Value.CoordinatorNodes)
    {
    }

    public KeyValueClient(IGrainFactory grains, IEnumerable<string> coordinatorNodes)
    {
        _grains = grains;
        _coordinators = coordinatorNodes.ToArray();
        if (_coordinators.Length == 0)
        {
            throw new ArgumentException("At least one coordinator node is required.", nameof(coordinatorNodes));
        }
    }

    /// <summary>A client whose requests are all coordinated by <paramref name="nodeId"/>, with no failover.</summary>
    public KeyValueClient ForNode(string nodeId) => new(_grains, [nodeId]);

    public Task<WriteResult> PutAsync(string key, byte[] value, ConsistencyLevel level = ConsistencyLevel.Quorum) =>
        InvokeAsync(c => c.PutAsync(key, value, level));

    /// <summary>Stores a string as UTF-8.</summary>
    public Task<WriteResult> PutAsync(string key, string value, ConsistencyLevel level = ConsistencyLevel.Quorum) =>
        PutAsync(key, Encoding.UTF8.GetBytes(value), level);

    public Task<ReadResult> GetAsync(string key, ConsistencyLevel level = ConsistencyLevel.One) =>
        InvokeAsync(c => c.GetAsync(key, level));

    /// <summary>Reads a value stored as UTF-8 text; null when absent or deleted.</summary>
    public async Task<string?> GetStringAsync(string key, ConsistencyLevel level = ConsistencyLevel.One)
    {
        var result = await GetAsync(key, level);
        return result.Value is null ? null : Encoding.UTF8.GetString(result.Value);
    }

    public Task<WriteResult> DeleteAsync(string key, ConsistencyLevel level = ConsistencyLevel.Quorum) =>
        InvokeAsync(c => c.DeleteAsync(key, level));

    private async Task<T> InvokeAsync<T>(Func<IRingCoordinatorGrain, Task<T>> call)
    {
        var start = Volatile.Read(ref _preferred);
        for (var attempt = 0; ; attempt++)
        {
            var index = (start + attempt) % _coordinators.Length;
            var coordinator = _grains.GetGrain<IRingCoordinatorGrain>(_coordinators[index]);
            try
            {
                var result = await call(coordinator);
                Volatile.Write(ref _preferred, index);
                return result;
            }
            catch (NodeUnavailableException) when (attempt + 1 < _coordinators.Length)
            {
                // That coordinator's node is down: the next node can coordinate the same request.
            }
        }
    }
}
