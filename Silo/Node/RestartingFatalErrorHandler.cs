using Microsoft.Extensions.Hosting;

namespace OrleansKv.Silo.Node;

/// <summary>
/// Replaces Orleans' default fatal error handler, which aborts the process (Environment.FailFast,
/// exit 134) when the silo is declared dead, finds a newer generation of itself, or meets an
/// unexpected error in a membership loop. This one records why and asks the host to stop;
/// <see cref="NodeHost"/> then disposes the silo and builds a new generation in the same
/// process. It runs on a membership path, so it only records and signals, never waits.
/// </summary>
public sealed partial class RestartingFatalErrorHandler(FatalStop stop, IHostApplicationLifetime lifetime, ILogger<RestartingFatalErrorHandler> logger)
    : Orleans.Runtime.IFatalErrorHandler
{
    // As Orleans' own handlers: everything but a thread abort is unexpected.
    public bool IsUnexpected(Exception exception) => exception is not ThreadAbortException;

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
    {
        var reason = $"{Summary(context)} (from {sender?.GetType().Name ?? "unknown"})";
        if (!stop.TryRecord(reason))
        {
            return;
        }

        LogStopping(logger, reason, exception);
        lifetime.StopApplication();
    }

    // Orleans appends the whole membership view to its context; Orleans' own log line has it.
    private static string Summary(string? context) =>
        context is null ? "no context"
        : context.IndexOf(" Membership: [", StringComparison.Ordinal) is var cut and > 0 ? context[..cut] : context;

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Orleans asked this silo to stop: {Reason}. The node stops it and starts a new generation.")]
    private static partial void LogStopping(ILogger logger, string reason, Exception? exception);
}
