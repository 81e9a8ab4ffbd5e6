using OrleansKv.Consistency;
using OrleansKv.Contracts;

namespace OrleansKv.Shell.Commands;

/// <summary>One parsed line of shell input.</summary>
public abstract record ShellCommand;

/// <summary>
/// A put. The value is stored as a JSON string, unless <see cref="IsJson"/> says it is JSON text
/// already (<c>--json</c>); <see cref="Ttl"/> (<c>--ttl SECONDS</c>) makes it expire; with a
/// <see cref="Condition"/> (<c>--if-version V</c>, <c>--if-absent</c>) it applies only if that holds.
/// </summary>
public sealed record PutCommand(
    string Key, string Value, ConsistencyLevel Level, bool IsJson = false, TimeSpan? Ttl = null, WriteCondition? Condition = null) : ShellCommand;

public sealed record GetCommand(string Key, ConsistencyLevel Level) : ShellCommand;

/// <summary>A delete; with a <see cref="Condition"/> (<c>--if-version V</c>) only if the key holds that version.</summary>
public sealed record DeleteCommand(string Key, ConsistencyLevel Level, WriteCondition? Condition = null) : ShellCommand;

/// <summary>
/// A listing of the keys starting with <see cref="Prefix"/>, <see cref="Limit"/> to a page, with
/// values for <c>scan</c>: one page from <see cref="Cursor"/> (null: the first), or every page with <see cref="All"/>.
/// </summary>
public sealed record ListCommand(string Prefix, int Limit, bool All, string? Cursor, bool WithValues) : ShellCommand;

/// <summary>Every live key starting with <see cref="Prefix"/> to <see cref="File"/>, as JSON Lines.</summary>
public sealed record ExportCommand(string File, string Prefix) : ShellCommand;

/// <summary>The keys of an export file written back with their own versions.</summary>
public sealed record ImportCommand(string File) : ShellCommand;

/// <summary>Status of one node; <see cref="Node"/> null means the node the shell is on.</summary>
public sealed record StatusCommand(int? Node) : ShellCommand;

public sealed record NodesCommand : ShellCommand;

public sealed record SwitchCommand(int Node) : ShellCommand;

public sealed record RingCommand : ShellCommand;

public sealed record ReplicasCommand(string Key) : ShellCommand;

/// <summary>Anti-entropy repair of one node's ranges; <see cref="Node"/> null means the node the shell is on.</summary>
public sealed record RepairCommand(int? Node) : ShellCommand;

/// <summary>Node N leaves the ring: it streams its ranges to their next owners, then its process exits.</summary>
public sealed record DecommissionCommand(int Node) : ShellCommand;

/// <summary>Removes node N, which is down, from the ring; the node the shell is on re-replicates its ranges.</summary>
public sealed record RemoveCommand(int Node) : ShellCommand;

/// <summary>Help on every command, or on one when <see cref="Topic"/> names it.</summary>
public sealed record HelpCommand(string? Topic) : ShellCommand;

public sealed record QuitCommand : ShellCommand;
