using System.Data.Common;
using OrleansKv.Grains.Ring;
using OrleansKv.Ring;
using OrleansKv.Silo.Membership.Schema;

namespace OrleansKv.Silo.Membership;

/// <summary>
/// The ring record in the cluster database, next to Orleans membership: the table
/// <c>orleanskv_ring</c> (schema step 2) in the SQLite file or PostgreSQL database. A change is
/// one statement that succeeds only if the stored epoch is the one the change started from.
/// </summary>
public sealed class SqlRingStore(Func<DbConnection> connect, string clusterId) : IRingStore
{
    public async Task<RingRecord> ReadAsync(CancellationToken cancellation)
    {
        await using var connection = connect();
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT record FROM orleanskv_ring WHERE cluster_id = @cluster_id;";
        command.AddParameter("cluster_id", clusterId);
        return await command.ExecuteScalarAsync(cancellation) is string json ? RingRecordJson.Deserialize(json) : RingRecord.Empty;
    }

    public async Task<bool> TryWriteAsync(RingRecord next, CancellationToken cancellation)
    {
        await using var connection = connect();
        await connection.OpenAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = next.Epoch == 1
            ? "INSERT INTO orleanskv_ring (cluster_id, epoch, record, changed_at) VALUES (@cluster_id, @epoch, @record, @changed_at) ON CONFLICT (cluster_id) DO NOTHING;"
            : "UPDATE orleanskv_ring SET epoch = @epoch, record = @record, changed_at = @changed_at WHERE cluster_id = @cluster_id AND epoch = @expected;";
        command.AddParameter("cluster_id", clusterId);
        command.AddParameter("epoch", next.Epoch);
        if (next.Epoch != 1)
        {
            command.AddParameter("expected", next.Epoch - 1);
        }

        command.AddParameter("record", RingRecordJson.Serialize(next));
        command.AddParameter("changed_at", next.ChangedAt);
        return await command.ExecuteNonQueryAsync(cancellation) == 1;
    }
}
