namespace MultimodalSearch.Tests.Workflow;

/// <summary>The tests that share one indexed demo catalog.</summary>
[CollectionDefinition(Name)]
public sealed class DemoCatalogCollection : ICollectionFixture<DemoCatalogFixture>
{
    public const string Name = "Demo catalog";
}
