namespace OrleansKv.EndToEndTests.Infrastructure;

/// <summary>Test classes that only read and write share one 3-process cluster.</summary>
[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<ThreeNodeProcessClusterFixture>
{
    public const string Name = "shared 3-node cluster";
}
