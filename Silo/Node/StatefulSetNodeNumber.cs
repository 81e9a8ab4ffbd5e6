using System.Globalization;

namespace OrleansKv.Silo.Node;

/// <summary>
/// The node number of a Kubernetes StatefulSet pod. Pods of a StatefulSet are named NAME-0,
/// NAME-1, ... and keep their name (and their volume) across restarts and reschedules, so the
/// ordinal is a stable identity: node K = ordinal + 1 (orleanskv-0 is node1), because node ids
/// start at 1 and ordinals at 0. Scaling a StatefulSet down removes the highest ordinals first,
/// which are the highest node ids.
/// </summary>
public static class StatefulSetNodeNumber
{
    /// <summary>
    /// K from a pod name NAME-ORDINAL (ordinal in decimal digits, at most
    /// <see cref="NodeSettings.MaxNodeNumber"/> - 1); false when the name is not of that shape.
    /// </summary>
    public static bool TryParse(string podName, out int nodeNumber)
    {
        nodeNumber = 0;
        var dash = podName.LastIndexOf('-');
        if (dash <= 0
            || !int.TryParse(podName.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
            || ordinal >= NodeSettings.MaxNodeNumber)
        {
            return false;
        }

        nodeNumber = ordinal + 1;
        return true;
    }
}
