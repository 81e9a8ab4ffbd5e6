using Xunit.Sdk;

namespace OrleansKv.TestSupport;

/// <summary>
/// A wall-clock bound made of the setting that governs the measured time plus a stated margin,
/// never a bare number: when a setting changes the bound follows, and a failure names both parts.
/// </summary>
/// <param name="Setting">What governs the time, as a reader finds it (e.g. "Replication:ReplicaTimeout").</param>
/// <param name="Value">Its value in the test.</param>
/// <param name="Margin">What the bound allows on top, for work no setting bounds (zero where the bound is the setting itself).</param>
/// <param name="MarginReason">What the margin is for.</param>
public sealed record TimingBound(string Setting, TimeSpan Value, TimeSpan Margin, string MarginReason = "")
{
    /// <summary>A bound that is the setting itself: the measured time must stay below it.</summary>
    public static TimingBound Below(string setting, TimeSpan value) => new(setting, value, TimeSpan.Zero);

    public TimeSpan Limit => Value + Margin;

    /// <summary>Fails the test when <paramref name="elapsed"/> is not below <see cref="Limit"/>.</summary>
    public void Check(TimeSpan elapsed, string what)
    {
        if (elapsed >= Limit)
        {
            throw new XunitException($"{what} took {elapsed.TotalMilliseconds:0} ms, not below {this}");
        }
    }

    public override string ToString() =>
        Margin == TimeSpan.Zero
            ? $"{Limit.TotalMilliseconds:0} ms ({Setting})"
            : $"{Limit.TotalMilliseconds:0} ms ({Setting} {Value.TotalMilliseconds:0} ms + {Margin.TotalMilliseconds:0} ms for {MarginReason})";
}
