namespace OrleansKv.Silo.Membership;

/// <summary>This node's cluster certificate is not the one the running nodes use: it would never be admitted (<see cref="ClusterCertificateCheck"/>).</summary>
public sealed class ClusterCertificateMismatchException(string message) : InvalidOperationException(message);
