using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrleansKv.Silo.Membership;

/// <summary>
/// Refuses to start a second live process under a node id that is already active: two silos of
/// one name would both claim that node's replicas. Membership rows outlive a crash until the
/// silo is declared dead, so an Active row alone is not proof of life; the check also connects
/// to the row's silo port, which only a live process answers. A node restarted right after a
/// kill -9 therefore starts, and a duplicate on another host (shared PostgreSQL) is refused.
/// </summary>
public static class ActiveNodeCheck
{
    // Orleans' SiloStatus.Active, as stored in the Status column.
    private const int ActiveStatus = 3;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the live silo when <paramref name="nodeId"/> is already active.</summary>
    public static async Task EnsureNotActiveAsync(string invariant, string connectionString, string clusterId, string nodeId, CancellationToken cancellation)
    {
        DbProviderFactory factory = invariant == PostgresMembershipSchema.Invariant ? NpgsqlFactory.Instance : SqliteFactory.Instance;
        await using var connection = factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT Address, Port FROM OrleansMembershipTable WHERE DeploymentId = @cluster AND SiloName = @node AND Status = @active";
        AddParameter(command, "@cluster", clusterId);
        AddParameter(command, "@node", nodeId);
        AddParameter(command, "@active", ActiveStatus);
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
            if (await AnswersAsync(address, port, cancellation))
            {
                throw new InvalidOperationException(
                    $"{nodeId} is already active in this cluster, at {address}:{port}. Stop that process first, or give this one another --node-id.");
            }
        }
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task<bool> AnswersAsync(string address, int port, CancellationToken cancellation)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await client.ConnectAsync(address, port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            return false;
        }
    }
}
