using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrleansKv.Silo.Membership.Schema;

namespace OrleansKv.Silo.Membership;

/// <summary>
/// Refuses to start a node whose cluster certificate (or lack of one) differs from the one the
/// running nodes use. Such a node can never be admitted: mutual TLS keeps it out, the others
/// declare it dead, and a node that comes back by itself would do so forever. Each node records
/// its certificate's SHA-256 (or "none") in <c>orleanskv_node_certificate</c> when it starts;
/// a starting node compares its own with those of the nodes that are active and whose silo port
/// answers. With no node running there is nothing to compare with (so a certificate is changed
/// by restarting every node with the new one), and a node that runs with the wrong certificate
/// while the others are stopped makes them refuse to start, naming it.
/// </summary>
public static class ClusterCertificateCheck
{
    public const string None = "none";

    /// <summary>The record of a certificate: "sha256:" and the hex SHA-256 of its DER encoding (what the pin compares), or "none".</summary>
    public static string Fingerprint(X509Certificate2? certificate) =>
        certificate is null ? None : "sha256:" + Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));

    /// <summary>Throws <see cref="ClusterCertificateMismatchException"/> when every running node with a record uses another certificate; then records this node's.</summary>
    public static async Task EnsureSameAsRunningNodesAsync(
        string invariant, string connectionString, string clusterId, string nodeId, string fingerprint, CancellationToken cancellation)
    {
        await using var connection = await MembershipDatabase.OpenAsync(invariant, connectionString, cancellation);
        var running = new List<(string Node, string Certificate)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT m.SiloName, m.Address, m.Port, c.certificate
                FROM OrleansMembershipTable m
                JOIN orleanskv_node_certificate c ON c.cluster_id = m.DeploymentId AND c.node_id = m.SiloName
                WHERE m.DeploymentId = @cluster AND m.Status = @active AND m.SiloName <> @node
                """;
            command.AddParameter("@cluster", clusterId);
            command.AddParameter("@active", MembershipDatabase.ActiveStatus);
            command.AddParameter("@node", nodeId);
            var rows = new List<(string Node, string Address, int Port, string Certificate)>();
            await using (var reader = await command.ExecuteReaderAsync(cancellation))
            {
                while (await reader.ReadAsync(cancellation))
                {
                    rows.Add((reader.GetString(0), reader.GetString(1), Convert.ToInt32(reader.GetValue(2)), reader.GetString(3)));
                }
            }

            foreach (var row in rows)
            {
                if (await SiloPortProbe.AnswersAsync(row.Address, row.Port, cancellation))
                {
                    running.Add((row.Node, row.Certificate));
                }
            }
        }

        if (running.Count > 0 && running.All(r => r.Certificate != fingerprint))
        {
            throw new ClusterCertificateMismatchException(Explain(nodeId, fingerprint, running));
        }

        await using var record = connection.CreateCommand();
        record.CommandText = """
            INSERT INTO orleanskv_node_certificate (cluster_id, node_id, certificate, recorded_at)
            VALUES (@cluster, @node, @certificate, @recorded_at)
            ON CONFLICT (cluster_id, node_id) DO UPDATE SET certificate = excluded.certificate, recorded_at = excluded.recorded_at;
            """;
        record.AddParameter("@cluster", clusterId);
        record.AddParameter("@node", nodeId);
        record.AddParameter("@certificate", fingerprint);
        record.AddParameter("@recorded_at", DateTimeOffset.UtcNow);
        await record.ExecuteNonQueryAsync(cancellation);
    }

    private static string Explain(string nodeId, string fingerprint, List<(string Node, string Certificate)> running)
    {
        var theirs = string.Join("; ", running.GroupBy(r => r.Certificate).Select(g => $"{string.Join(", ", g.Select(r => r.Node).Order())} {(g.Count() == 1 ? "uses" : "use")} {Describe(g.Key)}"));
        var fix = running.Any(r => r.Certificate == None)
            ? "start it without --cluster-cert, as they run"
            : "start it with the cluster's --cluster-cert";
        return $"{nodeId} cannot join this cluster: it has {Describe(fingerprint)}, but the running nodes do not ({theirs}); {fix}.";
    }

    private static string Describe(string fingerprint) =>
        fingerprint == None ? "no cluster certificate (plain TCP)" : $"the cluster certificate {fingerprint}";
}
