using OrleansKv.Consistency;

namespace OrleansKv.Shell.Commands;

/// <summary>
/// Turns a line of input into a <see cref="ShellCommand"/>. Command words and levels are
/// case-insensitive; keys and values are kept as typed. Every error is one line that ends with
/// the right usage.
/// </summary>
public static class CommandParser
{
    public static CommandParseResult Parse(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0 || trimmed.StartsWith('#'))
        {
            return CommandParseResult.Empty;
        }

        if (!CommandTokenizer.TryTokenize(trimmed, out var words, out var tokenError))
        {
            return CommandParseResult.Fail($"{tokenError}.");
        }

        var syntax = CommandCatalog.Find(words[0]);
        if (syntax is null)
        {
            return CommandParseResult.Fail(
                $"unknown command '{words[0]}'. Commands: {string.Join(", ", CommandCatalog.Words)} (type 'help').");
        }

        var args = words.Skip(1).ToArray();
        return syntax.Name switch
        {
            "put" => ParsePut(syntax, args),
            "get" => ParseKeyAndLevel(syntax, args, ConsistencyLevel.One, (k, l) => new GetCommand(k, l)),
            "delete" => ParseDelete(syntax, args),
            "keys" => ListFlags.Parse(syntax, args, withValues: false),
            "scan" => ListFlags.Parse(syntax, args, withValues: true),
            "export" => args.Length switch
            {
                0 => Missing(syntax, "<file>"),
                > 2 => TooMany(syntax, "quote a file name or prefix with spaces"),
                _ => CommandParseResult.Of(new ExportCommand(args[0], args.Length == 2 ? args[1] : "")),
            },
            "import" => args.Length switch
            {
                0 => Missing(syntax, "<file>"),
                > 1 => TooMany(syntax, "quote a file name with spaces"),
                _ => CommandParseResult.Of(new ImportCommand(args[0])),
            },
            "status" => ParseStatus(syntax, args),
            "repair" => ParseOptionalNode(syntax, args, node => new RepairCommand(node)),
            "switch" => ParseNode(syntax, args, node => new SwitchCommand(node)),
            "decommission" => ParseNode(syntax, args, node => new DecommissionCommand(node)),
            "remove" => ParseNode(syntax, args, node => new RemoveCommand(node)),
            "replicas" => ParseReplicas(syntax, args),
            "help" => ParseHelp(syntax, args),
            "nodes" => NoArguments(syntax, args, new NodesCommand()),
            "ring" => NoArguments(syntax, args, new RingCommand()),
            _ => NoArguments(syntax, args, new QuitCommand()),
        };
    }

    /// <summary>Reads "3" or "node3" as node number 3.</summary>
    public static bool TryParseNode(string text, out int node)
    {
        var digits = text.StartsWith("node", StringComparison.OrdinalIgnoreCase) ? text[4..] : text;
        return int.TryParse(digits, System.Globalization.NumberStyles.None, null, out node) && node > 0;
    }

    private static CommandParseResult ParsePut(CommandSyntax syntax, string[] all)
    {
        if (!ConditionFlags.TryExtract(all, allowAbsent: true, out var words, out var condition, out var conditionError)
            || !PutFlags.TryExtract(words, out var args, out var isJson, out var ttl, out conditionError))
        {
            return CommandParseResult.Fail($"{conditionError}. Usage: {syntax.Usage}");
        }

        if (args.Length < 1) return Missing(syntax, "<key>");
        if (args.Length < 2) return Missing(syntax, "<value>");
        if (args.Length > 3) return TooMany(syntax, "quote values with spaces");
        var level = condition is null ? ConsistencyLevel.Quorum : ConsistencyLevel.Serial;
        if (args.Length == 3 && !ConsistencyLevels.TryParse(args[2], out level))
        {
            return UnknownLevel(syntax, args[2], "quote values with spaces");
        }

        if (isJson && !PutFlags.IsJson(args[1], out var jsonError))
        {
            return CommandParseResult.Fail($"--json: the value is not valid JSON ({jsonError}). Usage: {syntax.Usage}");
        }

        return CommandParseResult.Of(new PutCommand(args[0], args[1], level, isJson, ttl, condition));
    }

    private static CommandParseResult ParseDelete(CommandSyntax syntax, string[] words)
    {
        if (!ConditionFlags.TryExtract(words, allowAbsent: false, out var args, out var condition, out var error))
        {
            return CommandParseResult.Fail($"{error}. Usage: {syntax.Usage}");
        }

        return ParseKeyAndLevel(
            syntax, args, condition is null ? ConsistencyLevel.Quorum : ConsistencyLevel.Serial, (k, l) => new DeleteCommand(k, l, condition));
    }

    private static CommandParseResult ParseKeyAndLevel(
        CommandSyntax syntax, string[] args, ConsistencyLevel defaultLevel, Func<string, ConsistencyLevel, ShellCommand> create)
    {
        if (args.Length < 1) return Missing(syntax, "<key>");
        if (args.Length > 2) return TooMany(syntax, "quote keys with spaces");
        var level = defaultLevel;
        if (args.Length == 2 && !ConsistencyLevels.TryParse(args[1], out level))
        {
            return UnknownLevel(syntax, args[1]);
        }

        return CommandParseResult.Of(create(args[0], level));
    }

    private static CommandParseResult ParseStatus(CommandSyntax syntax, string[] args) =>
        ParseOptionalNode(syntax, args, node => new StatusCommand(node));

    private static CommandParseResult ParseOptionalNode(CommandSyntax syntax, string[] args, Func<int?, ShellCommand> command)
    {
        if (args.Length > 1) return TooMany(syntax);
        if (args.Length == 0) return CommandParseResult.Of(command(null));
        return TryParseNode(args[0], out var node)
            ? CommandParseResult.Of(command(node))
            : NotANode(syntax, args[0]);
    }

    private static CommandParseResult ParseNode(CommandSyntax syntax, string[] args, Func<int, ShellCommand> command)
    {
        if (args.Length < 1) return Missing(syntax, "<N>");
        if (args.Length > 1) return TooMany(syntax);
        return TryParseNode(args[0], out var node)
            ? CommandParseResult.Of(command(node))
            : NotANode(syntax, args[0]);
    }

    private static CommandParseResult ParseReplicas(CommandSyntax syntax, string[] args)
    {
        if (args.Length < 1) return Missing(syntax, "<key>");
        if (args.Length > 1) return TooMany(syntax, "quote keys with spaces");
        return CommandParseResult.Of(new ReplicasCommand(args[0]));
    }

    private static CommandParseResult ParseHelp(CommandSyntax syntax, string[] args)
    {
        if (args.Length > 1) return TooMany(syntax);
        if (args.Length == 0) return CommandParseResult.Of(new HelpCommand(null));
        var topic = CommandCatalog.Find(args[0]);
        return topic is null
            ? CommandParseResult.Fail($"no command '{args[0]}'. Commands: {string.Join(", ", CommandCatalog.Words)}.")
            : CommandParseResult.Of(new HelpCommand(topic.Name));
    }

    private static CommandParseResult NoArguments(CommandSyntax syntax, string[] args, ShellCommand command) =>
        args.Length == 0 ? CommandParseResult.Of(command) : TooMany(syntax);

    private static CommandParseResult Missing(CommandSyntax syntax, string argument) =>
        CommandParseResult.Fail($"missing {argument}. Usage: {syntax.Usage}");

    private static CommandParseResult TooMany(CommandSyntax syntax, string? hint = null) =>
        CommandParseResult.Fail($"too many arguments{(hint is null ? "" : $" ({hint})")}. Usage: {syntax.Usage}");

    private static CommandParseResult UnknownLevel(CommandSyntax syntax, string text, string? hint = null) =>
        CommandParseResult.Fail(
            $"unknown consistency level '{text}' (one, quorum, all, serial{(hint is null ? "" : $"; {hint}")}). Usage: {syntax.Usage}");

    private static CommandParseResult NotANode(CommandSyntax syntax, string text) =>
        CommandParseResult.Fail($"'{text}' is not a node number. Usage: {syntax.Usage}");
}
