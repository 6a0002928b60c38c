namespace FashionSearch.Web.Tests;

/// <summary>The tests that share one running app (indexing the demo catalog once).</summary>
[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web app";
}
