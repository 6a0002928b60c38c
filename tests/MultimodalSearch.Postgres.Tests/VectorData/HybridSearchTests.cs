using Microsoft.Extensions.VectorData;
using MultimodalSearch.Postgres.Tests.Infrastructure;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>Hybrid search: PostgreSQL full-text search fused with vector search by reciprocal rank.</summary>
[RequiresPostgres]
public sealed class HybridSearchTests(VectorDataCatalogFixture fixture) : IClassFixture<VectorDataCatalogFixture>, IAsyncLifetime
{
    // RRF with k = 60: rank r on one side adds 1 / (60 + r).
    private const double First = 1.0 / 61;
    private const double Second = 1.0 / 62;
    private const double Third = 1.0 / 63;

    private static readonly float[] Query = [1f, 0];

    private VectorStoreCollection<int, ProductRecord> _collection = null!;

    [Fact]
    public async Task Records_ranked_on_both_sides_come_first_and_scores_are_the_fused_reciprocal_ranks()
    {
        var hybrid = (IKeywordHybridSearchable<ProductRecord>)_collection;

        var results = await hybrid.HybridSearchAsync(Query, ["shirts"], top: 4).ToListAsync();

        // Vector side: 1, 2, 3, 4 (by angle). Keyword side ("shirts" stems to shirt): 2 then 4 (equal ts_rank, by key).
        Assert.Equal([2, 4, 1, 3], results.Select(r => r.Record.Key));
        Assert.Equal(Second + First, results[0].Score!.Value, 1e-9);
        Assert.Equal((1.0 / 64) + Second, results[1].Score!.Value, 1e-9);
        Assert.Equal(First, results[2].Score!.Value, 1e-9);
        Assert.Equal(Third, results[3].Score!.Value, 1e-9);
    }

    [Fact]
    public async Task Any_keyword_matches_and_operators_in_keywords_are_plain_words()
    {
        var hybrid = (IKeywordHybridSearchable<ProductRecord>)_collection;

        var either = await hybrid.HybridSearchAsync(Query, ["jacket", "linen"], top: 4).ToListAsync();
        var plain = await hybrid.HybridSearchAsync(Query, ["shirt"], top: 4).ToListAsync();
        var dashed = await hybrid.HybridSearchAsync(Query, ["-shirt"], top: 4).ToListAsync();
        var injected = await hybrid.HybridSearchAsync(Query, ["\" OR 1=1 --"], top: 4).ToListAsync();

        // Either keyword lifts its record above the vector side's first; a leading - is no negation; quotes open no syntax.
        Assert.Equal([3, 4], either.Take(2).Select(r => r.Record.Key).Order());
        Assert.Equal(plain.Select(r => (r.Record.Key, r.Score)), dashed.Select(r => (r.Record.Key, r.Score)));
        Assert.Equal([1, 2, 3, 4], injected.Select(r => r.Record.Key));
        Assert.Equal([First, Second, Third, 1.0 / 64], injected.Select(r => r.Score!.Value));
    }

    [Fact]
    public async Task Filter_skip_and_threshold_apply_to_the_fused_ranking()
    {
        var hybrid = (IKeywordHybridSearchable<ProductRecord>)_collection;

        var filtered = await hybrid.HybridSearchAsync(Query, ["shirt"], top: 4, new() { Filter = r => r.Category == "tops" }).ToListAsync();
        var all = await hybrid.HybridSearchAsync(Query, ["shirt"], top: 4).ToListAsync();
        var skipped = await hybrid.HybridSearchAsync(Query, ["shirt"], top: 2, new() { Skip = 1 }).ToListAsync();
        var thresholded = await hybrid.HybridSearchAsync(Query, ["shirt"], top: 4, new() { ScoreThreshold = 0.02 }).ToListAsync();

        Assert.Equal([2, 4, 1], filtered.Select(r => r.Record.Key));
        // Each side ranks a full candidate list, not just top + Skip, so a page is a slice of the whole fused ranking.
        Assert.Equal(all.Skip(1).Take(2).Select(r => (r.Record.Key, r.Score)), skipped.Select(r => (r.Record.Key, r.Score)));
        Assert.Equal([2, 4], thresholded.Select(r => r.Record.Key));
    }

    [Fact]
    public async Task Keywords_without_text_throw_ArgumentException()
    {
        var hybrid = (IKeywordHybridSearchable<ProductRecord>)_collection;

        await Assert.ThrowsAsync<ArgumentException>(() => hybrid.HybridSearchAsync(Query, [" ", ""], top: 1).ToListAsync().AsTask());
    }

    public async Task InitializeAsync()
    {
        _collection = await fixture.CreateCollectionAsync<int, ProductRecord>();
        await _collection.UpsertAsync(
        [
            new() { Key = 1, Description = "Blue denim trousers", Category = "tops", Vector = new[] { 1f, 0 } },
            new() { Key = 2, Description = "Striped cotton shirt", Category = "tops", Vector = new[] { 0.9f, 0.1f } },
            new() { Key = 3, Description = "Leather jacket", Category = "coats", Vector = new[] { 0.5f, 0.5f } },
            new() { Key = 4, Description = "Linen shirt for summer", Category = "tops", Vector = new[] { 0.1f, 0.9f } },
        ]);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
