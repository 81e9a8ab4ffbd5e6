using OrleansKv.Ring;

namespace OrleansKv.Grains.Ring;

/// <summary>
/// Whether two ring records describe the same ring: what a restore checks between the ring a
/// snapshot was taken under and the cluster's ring now. Epochs grow by one on every change, so the
/// same epoch is the same ring within one cluster; the members and their tokens are compared too,
/// so a cluster created anew (its epochs starting over) is not taken for the old one.
/// </summary>
public static class RingSameness
{
    /// <summary>How <paramref name="now"/> differs from <paramref name="then"/>, for the operator; null when it is the same ring.</summary>
    public static string? Difference(RingRecord then, RingRecord now)
    {
        if (now.Epoch == 0)
        {
            return "the cluster has no ring record now";
        }

        if (then.Epoch != now.Epoch)
        {
            return $"the ring is at epoch {now.Epoch}, the snapshot was taken at epoch {then.Epoch}";
        }

        var before = then.Members.ToDictionary(m => m.NodeId, StringComparer.Ordinal);
        var after = now.Members.ToDictionary(m => m.NodeId, StringComparer.Ordinal);
        var ids = before.Keys.Union(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!before.TryGetValue(id, out var old))
            {
                return $"{id} is in the ring now but was not when the snapshot was taken";
            }

            if (!after.TryGetValue(id, out var current))
            {
                return $"{id} was in the ring when the snapshot was taken but is not now";
            }

            if (old.State != current.State || !old.Tokens.AsSpan().SequenceEqual(current.Tokens))
            {
                return $"{id}'s tokens or state differ from the snapshot's ({old.State}, {old.Tokens.Length} tokens then; {current.State}, {current.Tokens.Length} now)";
            }
        }

        return null;
    }
}
