using System.Diagnostics.CodeAnalysis;

namespace OrleansKv.Silo.Node;

/// <summary>
/// Why Orleans asked this silo to stop, if it did: filled by <see cref="RestartingFatalErrorHandler"/>
/// and read by <see cref="NodeHost"/> once the host has stopped. One per silo generation.
/// </summary>
public sealed class FatalStop
{
    private string? _reason;

    /// <summary>The first reason given (Orleans' context and exception), or null when the silo stopped on request.</summary>
    public string? Reason => Volatile.Read(ref _reason);

    [MemberNotNullWhen(true, nameof(Reason))]
    public bool Requested => Reason is not null;

    /// <summary>Records the reason; true for the first call only, so the host is asked to stop once.</summary>
    public bool TryRecord(string reason) => Interlocked.CompareExchange(ref _reason, reason, null) is null;
}
