using Microsoft.Data.Sqlite;
using Orleans.Configuration;
using OrleansKv.Client.Security;
using OrleansKv.Cluster;

namespace OrleansKv.Client.Hosting;

/// <summary>Points an Orleans client at an OrleansKv cluster: its identity and how to find its gateways.</summary>
public static class OrleansKvClustering
{
    public static IClientBuilder UseOrleansKvCluster(this IClientBuilder client, OrleansKvClientOptions options)
    {
        if (options.LoadClusterCertificate() is { } certificate)
        {
            client.UseTls(certificate, tls => ClusterTls.Configure(tls, certificate));
        }

        // A call made inside the application's trace carries it to the coordinator (W3C traceparent in
        // the request context), and shows as a client span when the application listens to
        // "Microsoft.Orleans.Runtime" (where Orleans files interfaces in a namespace beginning with
        // "Orleans", as OrleansKv.Contracts does); with nothing listening the filter only passes the call on.
        client.AddActivityPropagation();
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = ClusterIdentity.ClusterId;
            o.ServiceId = ClusterIdentity.ServiceId;
        });
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = options.GatewayListRefreshPeriod);
        if (options.Gateways.Count > 0)
        {
            client.UseStaticClustering([.. options.Gateways]);
        }
        else if (options.PostgresConnectionString is { } postgres)
        {
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = postgres;
            });
        }
        else
        {
            // Mode=ReadWrite: never create an empty membership file where no cluster lives.
            var connection = new SqliteConnectionStringBuilder
            {
                DataSource = LocalClusterDirectory.MembershipFile(Path.GetFullPath(options.DataDirectory)),
                Mode = SqliteOpenMode.ReadWrite,
            };
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "System.Data.SQLite";
                o.ConnectionString = connection.ConnectionString;
            });
        }

        return client;
    }
}
