using OrleansKv.Silo.Membership.Schema;

namespace OrleansKv.Silo.Membership;

/// <summary>
/// Refuses to start a second live process under a node id that is already active: two silos of
/// one name would both claim that node's replicas. The check asks each Active row of that name
/// whether its silo port answers (<see cref="SiloPortProbe"/>), so a node restarted right after a
/// kill -9 starts, and a duplicate on another host (shared PostgreSQL) is refused.
/// </summary>
public static class ActiveNodeCheck
{
    /// <summary>Throws <see cref="InvalidOperationException"/> naming the live silo when <paramref name="nodeId"/> is already active.</summary>
    public static async Task EnsureNotActiveAsync(string invariant, string connectionString, string clusterId, string nodeId, CancellationToken cancellation)
    {
        await using var connection = await MembershipDatabase.OpenAsync(invariant, connectionString, cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT Address, Port FROM OrleansMembershipTable WHERE DeploymentId = @cluster AND SiloName = @node AND Status = @active";
        command.AddParameter("@cluster", clusterId);
        command.AddParameter("@node", nodeId);
        command.AddParameter("@active", MembershipDatabase.ActiveStatus);
        var rows = new List<(string Address, int Port)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                rows.Add((reader.GetString(0), Convert.ToInt32(reader.GetValue(1))));
            }
        }

        foreach (var (address, port) in rows)
        {
            if (await SiloPortProbe.AnswersAsync(address, port, cancellation))
            {
                throw new InvalidOperationException(
                    $"{nodeId} is already active in this cluster, at {address}:{port}. Stop that process first, or give this one another --node-id.");
            }
        }
    }
}
