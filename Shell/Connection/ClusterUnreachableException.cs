namespace OrleansKv.Shell.Connection;

/// <summary>No cluster answered; the message says where the shell looked and what to do.</summary>
public sealed class ClusterUnreachableException(string message) : Exception(message);
