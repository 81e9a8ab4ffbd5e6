using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using OrleansKv.Errors;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OrleansKv.Client.Resilience;

/// <summary>
/// The retry policy of <see cref="KeyValueClient"/>, built with Polly: each attempt is bounded
/// by <see cref="KeyValueClientOptions.AttemptTimeout"/>, and a transient failure (the
/// coordinator's node is down, unreachable or frozen) is retried with exponential backoff on the
/// next coordinator. The caller's timeout and cancellation bound the whole.
/// </summary>
/// <remarks>
/// Why retrying a write is safe: every attempt is a new request that its coordinator stamps
/// with a version of its own. If an attempt that timed out did reach the replicas after all,
/// the retry's version is newer and last-writer-wins keeps the retry's value, which is the same
/// value: the key ends as if it had been written once, at the later version. Deletes are
/// tombstones and behave the same. What a retry can do is win over another client's write that
/// landed between the two attempts, which is the ordinary last-writer-wins contract.
/// Errors that another coordinator cannot fix (a bad request, a consistency level that the
/// cluster cannot meet) are not retried.
/// </remarks>
internal static partial class CoordinatorFailover
{
    public static ResiliencePipeline Build(KeyValueClientOptions options, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                OnRetry = args =>
                {
                    LogRetry(logger, args.Outcome.Exception, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>True for failures of the coordinator or the way to it, which another coordinator may not have.</summary>
    public static bool IsTransient(Exception exception) => exception is
        NodeUnavailableException
        or TimeoutRejectedException
        or TimeoutException
        or OrleansMessageRejectionException
        or ConnectionFailedException;

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information,
        Message = "OrleansKv request attempt failed; retry {Retry} on the next coordinator in {DelayMs:0} ms")]
    private static partial void LogRetry(ILogger logger, Exception? exception, int retry, double delayMs);
}
