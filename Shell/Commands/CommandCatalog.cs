namespace OrleansKv.Shell.Commands;

/// <summary>Every command the shell knows, in the order help lists them.</summary>
public static class CommandCatalog
{
    public static CommandSyntax Put { get; } = new(
        "put", "put <key> <value> [one|quorum|all|serial] [--json] [--ttl SECONDS] [--if-version V | --if-absent]",
        "Store a value as a JSON string, or as JSON with --json (put k --json '{\"a\":1}'); --ttl makes it expire; --if-version V / --if-absent write only if the key holds version V / is absent (at serial). Default level quorum; quote values with spaces.",
        LevelArgument: 2);

    public static CommandSyntax Get { get; } = new(
        "get", "get <key> [one|quorum|all|serial]", "Read a value (default level one; serial reads linearizably).", LevelArgument: 1);

    public static CommandSyntax Delete { get; } = new(
        "delete", "delete <key> [one|quorum|all|serial] [--if-version V]", "Delete a key (default level quorum); --if-version V deletes only if the key holds version V (at serial).", LevelArgument: 1);

    public static CommandSyntax Keys { get; } = new(
        "keys", "keys [prefix] [--limit N] [--all] [--cursor C]",
        "List keys starting with prefix, N to a page (default 20); --all lists every page, --cursor C goes on from the cursor a page ended with.");

    public static CommandSyntax Scan { get; } = new(
        "scan", "scan [prefix] [--limit N] [--all] [--cursor C]", "As keys, with each key's value and version.");

    public static CommandSyntax Export { get; } = new(
        "export", "export <file> [prefix]", "Write every live key (starting with prefix) to a file, one JSON line each with its version; shows progress.");

    public static CommandSyntax Import { get; } = new(
        "import", "import <file>", "Write the keys of an export file back, each with its own version (an older version never overwrites a newer one); shows progress.");

    public static CommandSyntax Status { get; } = new(
        "status", "status [N]", "Show this node, or node N: address, keys, up/down, ring epoch and state, a ring change's progress.", NodeArgument: 0);

    public static CommandSyntax Nodes { get; } = new("nodes", "nodes", "List every node: up/down, ring state (joining, normal, leaving), keys.");

    public static CommandSyntax Switch { get; } = new(
        "switch", "switch <N>", "Send further requests to node N's coordinator.", NodeArgument: 0);

    public static CommandSyntax Ring { get; } = new("ring", "ring", "Show the ring's epoch, each node's state and how the token space is shared.");

    public static CommandSyntax Replicas { get; } = new(
        "replicas", "replicas <key>", "Show which nodes hold a key and which are up.");

    public static CommandSyntax Repair { get; } = new(
        "repair", "repair [N]", "Repair this node's ranges (or node N's) against their other replicas; shows progress until done.", NodeArgument: 0);

    public static CommandSyntax Decommission { get; } = new(
        "decommission", "decommission <N>",
        "Node N streams its ranges to their next owners, leaves the ring and stops; shows progress until done (Ctrl-C stops watching, not the change).",
        NodeArgument: 0);

    public static CommandSyntax Remove { get; } = new(
        "remove", "remove <N>",
        "Remove node N, which is down, from the ring: this node re-replicates its ranges; shows progress until done.",
        NodeArgument: 0);

    public static CommandSyntax Help { get; } = new("help", "help [command]", "Show this help, or one command's.");

    public static CommandSyntax Quit { get; } = new("quit", "quit | exit", "Leave the shell (Ctrl-D also does).");

    public static IReadOnlyList<CommandSyntax> All { get; } =
        [Put, Get, Delete, Keys, Scan, Export, Import, Status, Nodes, Switch, Ring, Replicas, Repair, Decommission, Remove, Help, Quit];

    /// <summary>Every word that starts a command, aliases included.</summary>
    public static IReadOnlyList<string> Words { get; } = [.. All.Select(c => c.Name), "exit"];

    /// <summary>The syntax of a command word (case-insensitive, aliases included); null if unknown.</summary>
    public static CommandSyntax? Find(string word) => word.ToLowerInvariant() switch
    {
        "exit" => Quit,
        var name => All.FirstOrDefault(c => c.Name == name),
    };
}
