using System.Security.Cryptography.X509Certificates;
using OrleansKv.Client.Security;

namespace OrleansKv.Silo.Node;

/// <summary>
/// The node's two uses of TLS. HTTPS for the HTTP API: with a certificate (--https-cert, or
/// Kestrel's standard Kestrel:Certificates:Default configuration) the HTTP port speaks HTTPS
/// only, and the node advertises an https:// URL. Mutual TLS for Orleans traffic: with
/// --cluster-cert, silo-to-silo and gateway connections present and require the cluster
/// certificate (<see cref="ClusterTls"/>). Certificates are loaded before anything listens, so a
/// bad file or password stops the start with one line naming it.
/// </summary>
public static class NodeTls
{
    /// <summary>Kestrel's default certificate section, as every ASP.NET Core server reads it.</summary>
    public const string KestrelDefaultCertificate = "Kestrel:Certificates:Default";

    /// <summary>
    /// The settings with HTTPS taken from Kestrel's configuration (Path, KeyPath, Password under
    /// <see cref="KestrelDefaultCertificate"/>) when --https-cert was not given; --https-cert wins.
    /// </summary>
    public static NodeSettings WithKestrelCertificate(this NodeSettings settings, IConfiguration configuration)
    {
        var section = configuration.GetSection(KestrelDefaultCertificate);
        if (settings.HttpsCertificate is not null || section["Path"] is not { Length: > 0 } path)
        {
            return settings;
        }

        var key = section["KeyPath"] is { Length: > 0 } keyPath ? Path.GetFullPath(keyPath) : null;
        return settings with { HttpsCertificate = new CertificateFile(Path.GetFullPath(path), section["Password"], key) };
    }

    /// <summary>Serves HTTPS (and no plain HTTP) when the settings carry a certificate.</summary>
    public static void UseNodeHttps(this IWebHostBuilder webHost, NodeSettings settings)
    {
        if (settings.HttpsCertificate is not { } file)
        {
            return;
        }

        var certificate = file.Load("HTTPS certificate");
        // The slim builder leaves HTTPS out of Kestrel until asked; its URL (https://, from
        // UseUrls) then takes the certificate below for every connection.
        webHost.UseKestrelHttpsConfiguration();
        webHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
    }

    /// <summary>The cluster certificate of --cluster-cert, loaded and checked; null without one.</summary>
    public static X509Certificate2? LoadClusterCertificate(this NodeSettings settings) =>
        settings.ClusterCertificate?.Load("cluster certificate");

    /// <summary>Mutual TLS on the silo and gateway endpoints, and on connections this silo dials.</summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, X509Certificate2? clusterCertificate) =>
        clusterCertificate is null ? silo : silo.UseTls(clusterCertificate, tls => ClusterTls.Configure(tls, clusterCertificate));
}
