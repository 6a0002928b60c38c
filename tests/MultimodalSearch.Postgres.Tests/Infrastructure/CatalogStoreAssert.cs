namespace MultimodalSearch.Postgres.Tests.Infrastructure;

/// <summary>Assertions on search results.</summary>
public static class CatalogStoreAssert
{
    /// <summary>The score tolerance of the shared behaviour suite.</summary>
    public const float ScoreTolerance = 1e-4f;

    /// <summary>Asserts the same ids in the same order, with scores within <see cref="ScoreTolerance"/>.</summary>
    /// <param name="expected">The expected hits.</param>
    /// <param name="actual">The hits.</param>
    public static void SameHits(IReadOnlyList<CatalogHit> expected, IReadOnlyList<CatalogHit> actual)
    {
        Assert.Equal(expected.Select(h => h.Id), actual.Select(h => h.Id));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Score, actual[i].Score, ScoreTolerance);
        }
    }
}
