namespace OrleansKv.Silo.Launcher;

/// <summary>What the launcher starts: N node processes on one data directory, and maybe the shell.</summary>
public sealed record LocalClusterOptions(int Nodes, int ReplicationFactor, string DataDirectory, bool OpenShell);
