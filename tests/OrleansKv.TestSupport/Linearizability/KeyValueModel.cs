namespace OrleansKv.TestSupport.Linearizability;

public enum KeyValueAction
{
    Read,
    Write,
    Delete,
}

/// <summary>
/// A request on one key: a read, or a write or delete, plain or conditional on the key's
/// version (<see cref="IfVersion"/>) or on its absence (<see cref="IfAbsent"/>).
/// </summary>
public sealed record KeyValueInput(string Key, KeyValueAction Action, string? Value = null, string? IfVersion = null, bool IfAbsent = false)
{
    public bool IsConditional => IfVersion is not null || IfAbsent;

    public override string ToString() =>
        Action + " " + Key + (Value is null ? "" : "=" + Value) +
        (IfVersion is null ? "" : " if " + IfVersion) + (IfAbsent ? " if absent" : "");
}

public enum KeyValueOutcome
{
    /// <summary>A read's answer, or a write that was applied (with its new version).</summary>
    Ok,

    /// <summary>The condition did not hold; the answer carries the key as it was.</summary>
    ConditionFailed,

    /// <summary>No answer, or a failure that may have been applied: it may take effect, once, at any time after its call.</summary>
    Unknown,
}

/// <summary>
/// An answer: for a read or a failed condition the key as it was (found, value, version); for an
/// applied write the version it stored (null when the driver does not know it).
/// </summary>
public sealed record KeyValueOutput(KeyValueOutcome Outcome, bool Found = false, string? Value = null, string? Version = null)
{
    public static readonly KeyValueOutput Unknown = new(KeyValueOutcome.Unknown);

    public static readonly KeyValueOutput Absent = new(KeyValueOutcome.Ok);

    public static KeyValueOutput Read(string value, string? version) => new(KeyValueOutcome.Ok, true, value, version);

    public static KeyValueOutput Applied(string? version) => new(KeyValueOutcome.Ok, Version: version);

    public static KeyValueOutput Failed(bool found, string? value, string? version) =>
        new(KeyValueOutcome.ConditionFailed, found, value, version);

    public override string ToString() =>
        Outcome + (Found ? " " + Value + "@" + Version : Outcome == KeyValueOutcome.Ok && Version is not null ? " @" + Version : "");
}

/// <summary>
/// One key as a register of (found, value, version). A version is unknown (null) after a write
/// whose outcome is unknown: the next answer that shows it pins it. That is permissive only for a
/// client that conditions on a version it never read, which the drivers never do.
/// </summary>
public sealed record KeyValueState(bool Found, string? Value, string? Version)
{
    public static readonly KeyValueState Absent = new(false, null, null);
}

/// <summary>The sequential specification of one key of OrleansKv at <c>serial</c>.</summary>
public sealed class KeyValueModel : ISequentialModel<KeyValueState, KeyValueInput, KeyValueOutput>
{
    public static readonly KeyValueModel Instance = new();

    public KeyValueState Initial => KeyValueState.Absent;

    public bool TryStep(KeyValueState state, KeyValueInput input, KeyValueOutput output, out KeyValueState next)
    {
        next = state;
        if (input.Action == KeyValueAction.Read)
        {
            return output.Outcome == KeyValueOutcome.Unknown || Shows(state, output, out next);
        }

        switch (output.Outcome)
        {
            case KeyValueOutcome.Ok:
                if (!ConditionMayHold(state, input))
                {
                    return false;
                }

                next = After(input, output.Version);
                return true;
            case KeyValueOutcome.ConditionFailed:
                return Shows(state, output, out next) && !ConditionMayHold(next, input);
            default:
                // Unknown: took effect here (if its condition held), or never (linearized last,
                // after every operation that could see it).
                if (ConditionMayHold(state, input))
                {
                    next = After(input, null);
                }

                return true;
        }
    }

    private static KeyValueState After(KeyValueInput input, string? version) =>
        input.Action == KeyValueAction.Write ? new KeyValueState(true, input.Value, version) : KeyValueState.Absent;

    private static bool ConditionMayHold(KeyValueState state, KeyValueInput input) =>
        input.IfAbsent ? !state.Found
        : input.IfVersion is null || (state.Found && (state.Version is null || state.Version == input.IfVersion));

    /// <summary>Whether an answer shows this state (pinning an unknown version to the one shown).</summary>
    private static bool Shows(KeyValueState state, KeyValueOutput output, out KeyValueState pinned)
    {
        pinned = state;
        if (output.Found != state.Found)
        {
            return false;
        }

        if (!state.Found)
        {
            return true;
        }

        if (output.Value != state.Value)
        {
            return false;
        }

        if (state.Version is null || output.Version is null)
        {
            pinned = state with { Version = state.Version ?? output.Version };
            return true;
        }

        return state.Version == output.Version;
    }
}
