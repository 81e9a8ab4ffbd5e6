namespace OrleansKv.Silo.Cli;

/// <summary>
/// The environment variables the Silo command line reads, named once so that deployment files
/// (the Kubernetes manifests) can be checked against what the node really reads.
/// </summary>
public static class SiloEnvironment
{
    /// <summary>Default of --port-offset (launcher).</summary>
    public const string PortOffset = "ORLEANSKV_PORT_OFFSET";

    /// <summary>Default of --api-key.</summary>
    public const string ApiKey = "ORLEANSKV_API_KEY";

    /// <summary>Default of --admin-key.</summary>
    public const string AdminKey = "ORLEANSKV_ADMIN_KEY";

    /// <summary>Default of --postgres: keeps the connection string (and its password) off the command line.</summary>
    public const string Postgres = "ORLEANSKV_POSTGRES";

    /// <summary>Default of --advertise: in a pod, the pod's IP from the downward API.</summary>
    public const string Advertise = "ORLEANSKV_ADVERTISE";

    /// <summary>Default of --https-cert-password (node, launcher): keeps the password off the command line.</summary>
    public const string HttpsCertificatePassword = "ORLEANSKV_HTTPS_CERT_PASSWORD";

    /// <summary>Default of --cluster-cert-password (node, launcher, shell).</summary>
    public const string ClusterCertificatePassword = OrleansKv.Client.Security.ClusterTls.PasswordVariable;

    /// <summary>With --node-id-from-hostname: the pod's name (downward API), read before the host name.</summary>
    public const string PodName = "POD_NAME";

    /// <summary>Every variable the <c>node</c> command reads.</summary>
    public static IReadOnlyList<string> NodeVariables { get; } = [ApiKey, AdminKey, Postgres, Advertise, PodName, HttpsCertificatePassword, ClusterCertificatePassword];
}
