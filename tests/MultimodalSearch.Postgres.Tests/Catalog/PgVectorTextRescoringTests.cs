using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// A text's ranking in SQL is its exact score, so the index path re-scores only one item past the cut: enough to see a
/// tie there, on which it re-ranks with more, so that tied items still come back in id order as every store returns them.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorTextRescoringTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    private const int Top = 5;

    [Fact]
    public async Task A_text_search_whose_cut_falls_among_identical_items_re_ranks_and_returns_them_in_id_order()
    {
        var distinct = Enumerable.Range(0, 30).Select(i => CatalogItems.Create($"item-{i:D2}", "shirts", 300 + i)).ToList();
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(31), Top = Top };
        var best = CatalogItems.ExpectedHits(distinct, query, v => v.ToArray())[0];
        var seed = 300 + int.Parse(best.Id["item-".Length..], System.Globalization.CultureInfo.InvariantCulture);

        // Seven more copies of the best item (the same picture listed under other ids), ids on both sides of its own.
        var items = distinct.Concat(new[] { "a-copy", "b-copy", "c-copy", "x-copy", "y-copy", "z-copy", "zz-copy" }.Select(id => CatalogItems.Create(id, "shirts", seed))).ToList();
        var store = database.CreateStore(o => o.ExactSearchThreshold = 0);
        await store.UpsertAsync(items);
        using var recorder = new SearchPathRecorder(store);

        var hits = await store.SearchAsync(query);

        var expected = CatalogItems.ExpectedHits(items, query, v => v.ToArray());
        Assert.Equal(["a-copy", "b-copy", "c-copy", best.Id, "x-copy"], expected.Select(h => h.Id));
        Assert.Equal(expected.Select(h => h.Id), hits.Select(h => h.Id));
        Assert.Equal(expected.Select(h => h.Score), hits.Select(h => h.Score));
        Assert.Equal("ann", Assert.Single(recorder.Paths));
        Assert.Equal(1, Assert.Single(recorder.RescoreRounds));
    }

    [Fact]
    public async Task A_text_search_without_a_tie_at_the_cut_re_scores_once()
    {
        var items = Enumerable.Range(0, 40).Select(i => CatalogItems.Create($"item-{i:D2}", i % 2 == 0 ? "shirts" : "shoes", 500 + i)).ToList();
        var store = database.CreateStore(o => o.ExactSearchThreshold = 0);
        await store.UpsertAsync(items);
        using var recorder = new SearchPathRecorder(store);

        foreach (var query in new[] { new CatalogQuery { Text = SyntheticEmbeddings.Text(41), Top = Top }, new CatalogQuery { Text = SyntheticEmbeddings.Text(42), Categories = ["shoes"], Top = Top } })
        {
            CatalogStoreAssert.SameHits(CatalogItems.ExpectedHits(items, query, v => v.ToArray()), await store.SearchAsync(query));
        }

        Assert.Equal(new int?[] { 0, 0 }, recorder.RescoreRounds);
    }
}
