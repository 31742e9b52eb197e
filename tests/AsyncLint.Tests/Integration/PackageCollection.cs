namespace AsyncLint.Tests.Integration
{
    /// <summary>
    /// One packed AsyncLint for every integration test class: packing takes most of a minute on these machines, and
    /// two packs of the same project at once would collide in its obj folder. The classes of a collection run one after
    /// another, next to the unit tests.
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class PackageCollection : ICollectionFixture<PackageFixture>
    {
        public const string Name = "packed AsyncLint";
    }
}
