namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>
/// A test that builds network namespaces (<see cref="NamespaceNetwork"/>): it runs as root with
/// iproute2, as on CI, and is reported as skipped, with the reason, anywhere else. xunit 2 has no
/// Assert.Skip (v3 has), so the condition is read when the tests are discovered, in the process
/// that then runs them.
/// </summary>
public sealed class NamespaceFactAttribute : FactAttribute
{
    public NamespaceFactAttribute()
    {
        if (NamespaceNetwork.Unavailable is { } reason)
        {
            Skip = $"This test {reason}.";
        }
    }
}
