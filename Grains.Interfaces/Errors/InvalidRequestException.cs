namespace OrleansKv.Errors;

/// <summary>What was wrong with a request. Crosses the wire: append-only, never reorder.</summary>
[GenerateSerializer, Alias("kv.InvalidRequestKind")]
public enum InvalidRequestKind
{
    EmptyKey = 0,
    KeyTooLong = 1,
    ValueTooLarge = 2,
    UnknownConsistencyLevel = 3,
    UnknownNode = 4,
    InvalidTimeToLive = 5,
    InvalidListing = 20,

    /// <summary>A condition at a level other than serial, or serial on an unconditional write.</summary>
    LevelNotForCondition = 30,
}

/// <summary>A request the store refuses because of its arguments; retrying it cannot succeed.</summary>
[GenerateSerializer, Alias("kv.InvalidRequestException")]
public sealed class InvalidRequestException : ArgumentException
{
    public InvalidRequestException(InvalidRequestKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    [Id(0)]
    public InvalidRequestKind Kind { get; }
}
