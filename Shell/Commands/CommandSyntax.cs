namespace OrleansKv.Shell.Commands;

/// <summary>How one shell command is written and what it does: the source of help, usage hints and completion.</summary>
/// <param name="Name">The command word.</param>
/// <param name="Usage">The full usage line, e.g. "get &lt;key&gt; [one|quorum|all]".</param>
/// <param name="Summary">One line on what the command does.</param>
/// <param name="LevelArgument">Index (after the command word) of a consistency-level argument; null when it takes none.</param>
/// <param name="NodeArgument">Index (after the command word) of a node-number argument; null when it takes none.</param>
public sealed record CommandSyntax(string Name, string Usage, string Summary, int? LevelArgument = null, int? NodeArgument = null);
