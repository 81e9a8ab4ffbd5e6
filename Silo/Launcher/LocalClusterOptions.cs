using OrleansKv.Client.Security;

namespace OrleansKv.Silo.Launcher;

/// <summary>What the launcher starts: N node processes on one data directory, and maybe the shell.</summary>
/// <param name="PortOffset">Added to every default port (HTTP 8000+K, silo 11110+K, gateway 30000+K), to run two local clusters side by side.</param>
/// <param name="ApiKey">Passed to every node through its environment (not its command line, which any user can list).</param>
/// <param name="AdminKey">Likewise.</param>
/// <param name="HttpsCertificate">Every node serves HTTPS with it (--https-cert); the file on the nodes' command line, its password in their environment.</param>
/// <param name="ClusterCertificate">Every node and the shell use mutual TLS with it (--cluster-cert); likewise.</param>
public sealed record LocalClusterOptions(
    int Nodes, int ReplicationFactor, string DataDirectory, bool OpenShell, int PortOffset = 0, string? ApiKey = null, string? AdminKey = null,
    CertificateFile? HttpsCertificate = null, CertificateFile? ClusterCertificate = null);
