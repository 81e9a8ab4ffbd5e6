
namespace OrleansKv.Api.Limits;

/// <summary>
/// What the node's HTTP server accepts (section <c>OrleansKv:Limits</c>, beside the key and value
/// limits of <c>RequestLimitsOptions</c>, which the coordinator checks for every entry point).
/// </summary>
public sealed class HttpLimitsOptions
{
    /// <summary>
    /// Most bytes of request headers together (Kestrel's MaxRequestHeadersTotalSize). More is
    /// refused by Kestrel with 431 before the API sees the request. Default 32768; between 1024
    /// and 1048576 (Kestrel's request buffer must hold them).
    /// </summary>
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// Requests served at once; more wait in a queue of <see cref="MaxQueuedRequests"/>, and past
    /// that are answered 503 with a JSON error and <c>Retry-After: 1</c>. Health checks and
    /// metrics are never held back, so a busy node is not taken for a dead one. Default 1024; 0 = no limit.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 1024;

    /// <summary>Requests that wait, oldest first, for one of <see cref="MaxConcurrentRequests"/>. Default 1024.</summary>
    public int MaxQueuedRequests { get; set; } = 1024;
}
