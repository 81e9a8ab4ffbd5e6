namespace OrleansKv.Bench.Drivers;

/// <summary>How one operation ended. A read of an absent key is a miss, not an error.</summary>
public readonly record struct OpResult(OpStatus Status, string? ErrorKind = null)
{
    public static OpResult Ok => new(OpStatus.Ok);

    public static OpResult NotFound => new(OpStatus.NotFound);

    public static OpResult Error(string kind) => new(OpStatus.Error, kind);
}

public enum OpStatus
{
    Ok,
    NotFound,
    Error,
}
