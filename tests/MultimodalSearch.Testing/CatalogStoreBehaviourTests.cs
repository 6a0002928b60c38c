using MultimodalSearch.Testing.Catalog;
using Xunit;

namespace MultimodalSearch.Testing;

/// <summary>
/// The behaviour every <see cref="ICatalogStore"/> must have: each store's test class derives from this
/// suite and says how to create an empty store, so that all stores get the same inputs and must give the
/// same results.
/// </summary>
/// <remarks>
/// Fixed decisions for all stores: a duplicate id within one batch, an empty id or category, and
/// embeddings of another shape than the catalog's are rejected with <see cref="ArgumentException"/> and
/// nothing of the batch is applied; an unknown category in a search filter matches nothing (an empty
/// result, not an error); ties are ordered by id (ordinal); scores are those of
/// <see cref="MultimodalSearch.Catalog.Providers.CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/> within <see cref="ScoreTolerance"/>.
/// </remarks>
public abstract class CatalogStoreBehaviourTests
{
    /// <summary>How far a store's score may be from <see cref="MultimodalSearch.Catalog.Providers.CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/> on the stored vectors.</summary>
    protected const float ScoreTolerance = 1e-4f;

    /// <summary>Creates a new, empty store; each call returns another store.</summary>
    /// <returns>The store.</returns>
    protected abstract Task<ICatalogStore> CreateEmptyStoreAsync();

    /// <summary>Gets how far a stored vector component may be from the one written (exact, 1e-6, for float32 stores).</summary>
    protected virtual float VectorTolerance => 1e-6f;

    /// <summary>Maps written vectors to the values the store keeps; identity for float32 stores, rounding for float16.</summary>
    /// <param name="vectors">The vectors written.</param>
    /// <returns>The vectors as stored.</returns>
    protected virtual float[] AsStored(ReadOnlyMemory<float> vectors) => vectors.ToArray();

    [Fact]
    public async Task Upsert_then_get_round_trips_every_field()
    {
        var store = await CreateEmptyStoreAsync();
        var item = CatalogItems.Create("item-1", "t-shirt", seed: 1) with
        {
            Name = "Black Striped T-Shirt",
            ImageLocation = "/images/t-shirt/10003.jpg",
            ContentHash = "sha256:0a1b2c",
            Metadata = new Dictionary<string, string> { ["colour"] = "black", ["pattern"] = "striped", ["empty"] = "", ["ünïcødé"] = "値" },
        };

        await store.UpsertAsync([item]);
        var stored = await store.GetAsync("item-1");

        Assert.NotNull(stored);
        Assert.Equal(item.Id, stored.Id);
        Assert.Equal(item.Category, stored.Category);
        Assert.Equal(item.Name, stored.Name);
        Assert.Equal(item.ImageLocation, stored.ImageLocation);
        Assert.Equal(item.ContentHash, stored.ContentHash);
        Assert.Equal(item.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal), stored.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
        AssertSameVectors(item.Embedding, stored.Embedding);
    }

    [Fact]
    public async Task Upsert_then_get_keeps_absent_optional_fields_absent()
    {
        var store = await CreateEmptyStoreAsync();
        var item = new CatalogItem { Id = "bare", Category = "shoes", Embedding = SyntheticEmbeddings.Image(2) };

        await store.UpsertAsync([item]);
        var stored = await store.GetAsync("bare");

        Assert.NotNull(stored);
        Assert.Equal("", stored.Name);
        Assert.Null(stored.ImageLocation);
        Assert.Null(stored.ContentHash);
        Assert.Empty(stored.Metadata);
        AssertSameVectors(item.Embedding, stored.Embedding);
    }

    [Fact]
    public async Task Get_of_an_unknown_id_returns_null()
    {
        var store = await CreateEmptyStoreAsync();
        await store.UpsertAsync([CatalogItems.Create("known", "shoes", 3)]);

        Assert.Null(await store.GetAsync("unknown"));
        Assert.Null(await store.GetAsync("KNOWN"));
    }

    [Fact]
    public async Task Upsert_of_an_existing_id_replaces_the_item()
    {
        var store = await CreateEmptyStoreAsync();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 10), CatalogItems.Create("b", "shoes", 11)]);
        var replacement = CatalogItems.Create("a", "shoes", 12) with { Name = "Replaced", ContentHash = "new-hash", Metadata = new Dictionary<string, string> { ["v"] = "2" } };

        await store.UpsertAsync([replacement]);

        Assert.Equal(2, await store.CountAsync());
        var stored = await store.GetAsync("a");
        Assert.NotNull(stored);
        Assert.Equal("Replaced", stored.Name);
        Assert.Equal("new-hash", stored.ContentHash);
        Assert.Equal("2", Assert.Single(stored.Metadata).Value);
        AssertSameVectors(replacement.Embedding, stored.Embedding);

        // The old vectors must be gone from search too: the query is the old embedding's best row.
        var query = new CatalogQuery { Text = new TextEmbedding(SyntheticEmbeddings.Image(10).GetQuery(0)), Top = 10 };
        var hits = await store.SearchAsync(query);
        AssertHits(CatalogItems.ExpectedHits([replacement, CatalogItems.Create("b", "shoes", 11)], query, AsStored), hits);
    }

    [Fact]
    public async Task Overwrite_that_changes_the_category_moves_the_item()
    {
        var store = await CreateEmptyStoreAsync();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 20), CatalogItems.Create("b", "shoes", 21)]);

        await store.UpsertAsync([CatalogItems.Create("a", "jacket", 20)]);

        Assert.Equal(["jacket", "shoes"], await store.GetCategoriesAsync());
        var text = SyntheticEmbeddings.Text(1);
        var inShoes = await store.SearchAsync(new CatalogQuery { Text = text, Categories = ["shoes"] });
        var inJackets = await store.SearchAsync(new CatalogQuery { Text = text, Categories = ["jacket"] });
        Assert.Equal(["b"], inShoes.Select(h => h.Id));
        Assert.Equal(["a"], inJackets.Select(h => h.Id));
        Assert.Equal("jacket", inJackets[0].Category);
    }

    [Fact]
    public async Task Delete_removes_the_items_and_returns_how_many_were_deleted()
    {
        var store = await CreateEmptyStoreAsync();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 30), CatalogItems.Create("b", "shoes", 31), CatalogItems.Create("c", "pants", 32)]);

        var deleted = await store.DeleteAsync(["a", "c"]);

        Assert.Equal(2, deleted);
        Assert.Equal(1, await store.CountAsync());
        Assert.Null(await store.GetAsync("a"));
        Assert.Null(await store.GetAsync("c"));
        Assert.NotNull(await store.GetAsync("b"));
        var hits = await store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(2), Top = 10 });
        Assert.Equal(["b"], hits.Select(h => h.Id));
    }

    [Fact]
    public async Task Delete_ignores_unknown_and_repeated_ids()
    {
        var store = await CreateEmptyStoreAsync();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 33), CatalogItems.Create("b", "shoes", 34)]);

        Assert.Equal(0, await store.DeleteAsync(["nope", "A"]));
        Assert.Equal(0, await store.DeleteAsync([]));
        Assert.Equal(1, await store.DeleteAsync(["a", "a", "nope"]));
        Assert.Equal(0, await store.DeleteAsync(["a"]));
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task Delete_of_the_last_item_of_a_category_removes_the_category()
    {
        var store = await CreateEmptyStoreAsync();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 35), CatalogItems.Create("b", "pants", 36)]);

        await store.DeleteAsync(["b"]);

        Assert.Equal(["shoes"], await store.GetCategoriesAsync());
        Assert.Empty(await store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(3), Categories = ["pants"] }));
    }

    [Fact]
    public async Task Count_follows_upserts_overwrites_and_deletes()
    {
        var store = await CreateEmptyStoreAsync();
        Assert.Equal(0, await store.CountAsync());

        await store.UpsertAsync([.. Enumerable.Range(0, 5).Select(i => CatalogItems.Create("id" + i, "shoes", 40 + i))]);
        Assert.Equal(5, await store.CountAsync());

        await store.UpsertAsync([CatalogItems.Create("id0", "pants", 50), CatalogItems.Create("id9", "pants", 51)]);
        Assert.Equal(6, await store.CountAsync());

        await store.DeleteAsync(["id1", "id9"]);
        Assert.Equal(4, await store.CountAsync());
    }

    [Fact]
    public async Task Categories_are_listed_once_each_sorted_ordinally()
    {
        var store = await CreateEmptyStoreAsync();
        string[] categories = ["t-shirt", "Shoes", "shoes", "été", "jacket", "靴", "shoes", "Zebra", "a"];

        await store.UpsertAsync([.. categories.Select((category, i) => CatalogItems.Create("id" + i, category, 60 + i))]);

        Assert.Equal(categories.Distinct().Order(StringComparer.Ordinal), await store.GetCategoriesAsync());
    }

    [Fact]
    public async Task Empty_store_has_no_items_no_categories_and_returns_no_hits()
    {
        var store = await CreateEmptyStoreAsync();

        Assert.Equal(0, await store.CountAsync());
        Assert.Empty(await store.GetCategoriesAsync());
        Assert.Empty(await store.GetContentHashesAsync());
        Assert.Null(await store.GetAsync("anything"));
        Assert.Empty(await store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(4) }));
        Assert.Empty(await store.SearchAsync(new CatalogQuery { Image = SyntheticEmbeddings.Image(5), Categories = ["shoes"] }));
    }

    [Fact]
    public async Task Text_search_ranks_by_the_best_query_vector_as_CatalogQuery_Score_says()
    {
        var store = await CreateEmptyStoreAsync();
        var items = await AddMixedCatalogAsync(store);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(7), Top = 10 };

        var hits = await store.SearchAsync(query);

        AssertHits(CatalogItems.ExpectedHits(items, query, AsStored), hits);
    }

    [Fact]
    public async Task Text_equal_to_one_query_vector_of_an_item_finds_that_item_first_with_score_one()
    {
        var store = await CreateEmptyStoreAsync();
        var items = await AddMixedCatalogAsync(store);
        var target = items[17];
        var query = new CatalogQuery { Text = new TextEmbedding(target.Embedding.GetQuery(13)), Top = 3 };

        var hits = await store.SearchAsync(query);

        Assert.Equal(target.Id, hits[0].Id);
        Assert.Equal(1f, hits[0].Score, 1e-3f);
        AssertHits(CatalogItems.ExpectedHits(items, query, AsStored), hits);
    }

    [Theory]
    [InlineData(ImageSimilarity.MeanOfBestMatches)]
    [InlineData(ImageSimilarity.BestPair)]
    [InlineData(ImageSimilarity.MeanPooledCosine)]
    public async Task Image_search_scores_as_CatalogQuery_Score_says(ImageSimilarity similarity)
    {
        var store = await CreateEmptyStoreAsync();
        var items = await AddMixedCatalogAsync(store);
        var query = new CatalogQuery { Image = SyntheticEmbeddings.Image(8), ImageSimilarity = similarity, Top = 7 };

        var hits = await store.SearchAsync(query);

        AssertHits(CatalogItems.ExpectedHits(items, query, AsStored), hits);
    }

    [Fact]
    public async Task Image_search_with_an_item_own_embedding_finds_that_item_first()
    {
        var store = await CreateEmptyStoreAsync();
        var items = await AddMixedCatalogAsync(store);
        var query = new CatalogQuery { Image = items[5].Embedding, Top = 5 };

        var hits = await store.SearchAsync(query);

        Assert.Equal(items[5].Id, hits[0].Id);
        Assert.Equal(1f, hits[0].Score, 1e-3f);
        AssertHits(CatalogItems.ExpectedHits(items, query, AsStored), hits);
    }

    [Fact]
    public async Task Fused_search_scores_the_weighted_mean_as_CatalogQuery_Score_says()
    {
        var store = await CreateEmptyStoreAsync();
        var items = await AddMixedCatalogAsync(store);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(9), Image = SyntheticEmbeddings.Image(9), TextWeight = 2f, ImageWeight = 0.5f, Top = 8 };

        var hits = await store.SearchAsync(query);

        AssertHits(CatalogItems.ExpectedHits(items, query, AsStored), hits);
    }

    [Fact]
    public async Task Weight_zero_gives_the_same_hits_as_the_other_modality_alone()
    {
        var store = await CreateEmptyStoreAsync();
        await AddMixedCatalogAsync(store);
        var text = SyntheticEmbeddings.Text(10);
        var image = SyntheticEmbeddings.Image(10);

        var textOnly = await store.SearchAsync(new CatalogQuery { Text = text, Top = 6 });
        var imageWeightZero = await store.SearchAsync(new CatalogQuery { Text = text, Image = image, ImageWeight = 0, Top = 6 });
        var imageOnly = await store.SearchAsync(new CatalogQuery { Image = image, Top = 6 });
        var textWeightZero = await store.SearchAsync(new CatalogQuery { Text = text, Image = image, TextWeight = 0, Top = 6 });

        AssertHits(textOnly, imageWeightZero);
        AssertHits(imageOnly, textWeightZero);
        Assert.NotEqual(textOnly.Select(h => h.Id), imageOnly.Select(h => h.Id));
    }

    [Fact]
    public async Task Search_with_one_category_returns_only_that_category()
    {
        var store = await CreateEmptyStoreAsync();
        var items = await AddMixedCatalogAsync(store);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(11), Categories = ["pants"], Top = 4 };

        var hits = await store.SearchAsync(query);

        Assert.Equal(4, hits.Count);
        Assert.All(hits, hit => Assert.Equal("pants", hit.Category));
        AssertHits(CatalogItems.ExpectedHits(items, query, AsStored), hits);
    }

    [Fact]
    public async Task Search_with_several_categories_returns_only_those_categories()
    {
        var store = await CreateEmptyStoreAsync();
        var items = await AddMixedCatalogAsync(store);
        var query = new CatalogQuery { Image = SyntheticEmbeddings.Image(12), Categories = ["shoes", "jacket"], Top = 9 };

        var hits = await store.SearchAsync(query);

        Assert.Equal(9, hits.Count);
        Assert.All(hits, hit => Assert.Contains(hit.Category, new[] { "shoes", "jacket" }));
        AssertHits(CatalogItems.ExpectedHits(items, query, AsStored), hits);
    }

    [Fact]
    public async Task Search_with_an_unknown_category_returns_no_hits()
    {
        var store = await CreateEmptyStoreAsync();
        await AddMixedCatalogAsync(store);

        var hits = await store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(13), Categories = ["no-such-category"] });

        Assert.Empty(hits);
    }

    [Fact]
    public async Task Search_with_known_and_unknown_categories_returns_the_known_matches()
    {
        var store = await CreateEmptyStoreAsync();
        var items = await AddMixedCatalogAsync(store);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(14), Categories = ["no-such-category", "shoes"], Top = 3 };

        var hits = await store.SearchAsync(query);

        AssertHits(CatalogItems.ExpectedHits(items, query, AsStored), hits);
        Assert.All(hits, hit => Assert.Equal("shoes", hit.Category));
    }

    [Fact]
    public async Task Category_filter_matches_exactly_and_case_sensitively()
    {
        var store = await CreateEmptyStoreAsync();
        await store.UpsertAsync([CatalogItems.Create("lower", "shoes", 70), CatalogItems.Create("upper", "Shoes", 71), CatalogItems.Create("longer", "shoes-2", 72)]);

        var hits = await store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(15), Categories = ["shoes"] });

        Assert.Equal(["lower"], hits.Select(h => h.Id));
    }

    [Fact]
    public async Task Empty_category_filter_searches_every_category()
    {
        var store = await CreateEmptyStoreAsync();
        var items = await AddMixedCatalogAsync(store);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(16), Categories = [], Top = 12 };

        var hits = await store.SearchAsync(query);

        AssertHits(CatalogItems.ExpectedHits(items, query, AsStored), hits);
    }

    [Fact]
    public async Task Top_larger_than_the_matches_returns_all_matches()
    {
        var store = await CreateEmptyStoreAsync();
        var items = await AddMixedCatalogAsync(store);
        var shoes = items.Count(i => i.Category == "shoes");
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(17), Categories = ["shoes"], Top = 1000 };

        var hits = await store.SearchAsync(query);

        Assert.Equal(shoes, hits.Count);
        AssertHits(CatalogItems.ExpectedHits(items, query, AsStored), hits);
    }

    [Fact]
    public async Task Ties_are_ordered_by_id_ordinally()
    {
        var store = await CreateEmptyStoreAsync();
        string[] ids = ["b", "a", "B", "ä", "a-1", "A", "10", "9"];
        await store.UpsertAsync([.. ids.Select(id => CatalogItems.Create(id, "shoes", seed: 80)), CatalogItems.Create("best", "shoes", seed: 81)]);
        var text = new TextEmbedding(SyntheticEmbeddings.Image(81).GetQuery(0));

        var all = await store.SearchAsync(new CatalogQuery { Text = text, Top = 20 });
        var cut = await store.SearchAsync(new CatalogQuery { Text = text, Top = 4 });

        string[] tiedInOrder = ["10", "9", "A", "B", "a", "a-1", "b", "ä"];
        Assert.Equal(["best", .. tiedInOrder], all.Select(h => h.Id));
        Assert.All(all.Skip(1), hit => Assert.Equal(all[1].Score, hit.Score));
        Assert.Equal(["best", "10", "9", "A"], cut.Select(h => h.Id));
    }

    [Fact]
    public async Task Unicode_ids_and_categories_are_stored_and_matched_exactly()
    {
        var store = await CreateEmptyStoreAsync();
        var composed = "été";
        var decomposed = "e\u0301te\u0301";
        CatalogItem[] items =
        [
            CatalogItems.Create("靴-001", "靴", 90),
            CatalogItems.Create("chaussure-é", composed, 91),
            CatalogItems.Create("chaussure-e\u0301", decomposed, 92),
            CatalogItems.Create("emoji-👟", "👟", 93),
            CatalogItems.Create("Ωmega ✓", composed, 94),
        ];
        await store.UpsertAsync(items);

        foreach (var item in items)
        {
            var stored = await store.GetAsync(item.Id);
            Assert.NotNull(stored);
            Assert.Equal(item.Id, stored.Id);
            Assert.Equal(item.Category, stored.Category);
            Assert.Equal(item.Metadata["id"], stored.Metadata["id"]);
        }

        var text = SyntheticEmbeddings.Text(18);
        Assert.Equal(["chaussure-é", "Ωmega ✓"], (await store.SearchAsync(new CatalogQuery { Text = text, Categories = [composed] })).Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["chaussure-e\u0301"], (await store.SearchAsync(new CatalogQuery { Text = text, Categories = [decomposed] })).Select(h => h.Id));
        Assert.Equal(["靴-001"], (await store.SearchAsync(new CatalogQuery { Text = text, Categories = ["靴"] })).Select(h => h.Id));
        Assert.Equal(1, await store.DeleteAsync(["emoji-👟"]));
        Assert.Equal(new[] { "e\u0301te\u0301", "été", "靴" }.Order(StringComparer.Ordinal), await store.GetCategoriesAsync());
    }

    [Fact]
    public async Task Values_that_look_like_SQL_are_stored_and_matched_literally()
    {
        var store = await CreateEmptyStoreAsync();
        string[] nasty = ["'; DROP TABLE x; --", "%", "_", "\\", "\"quoted\"", "O'Brien", "a%b", "$1", "*", ".*"];
        var items = nasty.Select((value, i) => CatalogItems.Create(value, value, 100 + i) with
        {
            Name = value,
            ImageLocation = value,
            ContentHash = value,
            Metadata = new Dictionary<string, string> { [value] = value },
        }).Append(CatalogItems.Create("plain", "ab", 120)).ToList();
        await store.UpsertAsync(items);

        Assert.Equal(items.Count, await store.CountAsync());
        var text = SyntheticEmbeddings.Text(19);
        foreach (var value in nasty)
        {
            var stored = await store.GetAsync(value);
            Assert.NotNull(stored);
            Assert.Equal(value, stored.Category);
            Assert.Equal(value, stored.Name);
            Assert.Equal(value, stored.ImageLocation);
            Assert.Equal(value, stored.ContentHash);
            Assert.Equal(value, stored.Metadata[value]);
            var hits = await store.SearchAsync(new CatalogQuery { Text = text, Categories = [value], Top = 100 });
            Assert.Equal([value], hits.Select(h => h.Id));
        }

        Assert.Equal(1, await store.DeleteAsync(["%"]));
        Assert.Equal(items.Count - 1, await store.CountAsync());
        Assert.Null(await store.GetAsync("%"));
        Assert.NotNull(await store.GetAsync("a%b"));
    }

    [Fact]
    public async Task Upsert_with_other_dimensions_than_the_catalog_throws_ArgumentException_and_changes_nothing()
    {
        var store = await CreateEmptyStoreAsync();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 130)]);

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.UpsertAsync([CatalogItems.Create("b", "shoes", 131), CatalogItems.Create("c", "shoes", 132, dimensions: 128)]));

        Assert.Equal(1, await store.CountAsync());
        Assert.Null(await store.GetAsync("b"));
    }

    [Fact]
    public async Task Upsert_of_a_first_batch_with_mixed_dimensions_throws_ArgumentException_and_changes_nothing()
    {
        var store = await CreateEmptyStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.UpsertAsync([CatalogItems.Create("a", "shoes", 133), CatalogItems.Create("b", "shoes", 134, dimensions: 64)]));

        Assert.Equal(0, await store.CountAsync());
        await store.UpsertAsync([CatalogItems.Create("c", "shoes", 135)]);
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task Upsert_with_another_query_count_than_the_catalog_throws_ArgumentException()
    {
        var store = await CreateEmptyStoreAsync();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 136)]);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.UpsertAsync([CatalogItems.Create("b", "shoes", 137, queryCount: 16)]));

        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task Search_with_a_text_of_other_dimensions_throws_ArgumentException()
    {
        var store = await CreateEmptyStoreAsync();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 138)]);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(20, dimensions: 128) }));
    }

    [Fact]
    public async Task Search_with_an_image_of_other_dimensions_throws_ArgumentException()
    {
        var store = await CreateEmptyStoreAsync();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 139)]);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SearchAsync(new CatalogQuery { Image = SyntheticEmbeddings.Image(21, dimensions: 512, queryCount: 16) }));
    }

    [Fact]
    public async Task Invalid_queries_throw_ArgumentException()
    {
        var store = await CreateEmptyStoreAsync();
        await store.UpsertAsync([CatalogItems.Create("a", "shoes", 140)]);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SearchAsync(new CatalogQuery()));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(22), Top = 0 }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(22), TextWeight = -1 }));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.SearchAsync(null!));
    }

    [Theory]
    [InlineData("", "shoes")]
    [InlineData("id", "")]
    public async Task Upsert_with_an_empty_id_or_category_throws_ArgumentException_and_changes_nothing(string id, string category)
    {
        var store = await CreateEmptyStoreAsync();
        await store.UpsertAsync([CatalogItems.Create("existing", "shoes", 141)]);

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.UpsertAsync([CatalogItems.Create("good", "shoes", 142), CatalogItems.Create(id, category, 143)]));

        Assert.Contains(id.Length == 0 ? "id" : "category", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await store.CountAsync());
        Assert.Null(await store.GetAsync("good"));
    }

    [Fact]
    public async Task Upsert_with_duplicate_ids_in_one_batch_throws_ArgumentException_and_changes_nothing()
    {
        var store = await CreateEmptyStoreAsync();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.UpsertAsync([CatalogItems.Create("twice", "shoes", 144), CatalogItems.Create("other", "shoes", 145), CatalogItems.Create("twice", "pants", 146)]));

        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task Bad_input_gets_the_same_message_from_every_store_and_changes_nothing()
    {
        // Every store checks batches and queries with MultimodalSearch.Catalog.Providers, so the messages agree.
        var store = await CreateEmptyStoreAsync();
        var vectors = SyntheticEmbeddings.NormalisedRows(147, SyntheticEmbeddings.Dimensions, SyntheticEmbeddings.QueryCount);
        vectors[5] = float.NaN;

        var batch = await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.UpsertAsync([CatalogItems.Create("good", "shoes", 148), new CatalogItem { Id = "nan", Category = "shoes", Embedding = new ImageEmbedding(vectors, SyntheticEmbeddings.QueryCount) }]));
        var query = await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.SearchAsync(new CatalogQuery { Image = new ImageEmbedding(vectors, SyntheticEmbeddings.QueryCount) }));

        Assert.Equal("The embedding of item 'nan' has a non-finite value (NaN) at position 5. (Parameter 'items')", batch.Message);
        Assert.StartsWith("The query's image embedding has a non-finite value (NaN) at position 5.", query.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task Null_arguments_throw_ArgumentNullException()
    {
        var store = await CreateEmptyStoreAsync();

        await Assert.ThrowsAsync<ArgumentNullException>(() => store.UpsertAsync(null!));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.UpsertAsync([null!]));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.DeleteAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => store.GetAsync(null!));
    }

    [Fact]
    public async Task Upsert_of_an_empty_batch_does_nothing()
    {
        var store = await CreateEmptyStoreAsync();

        await store.UpsertAsync([]);

        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task Upsert_with_a_cancelled_token_applies_nothing()
    {
        var store = await CreateEmptyStoreAsync();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.UpsertAsync([CatalogItems.Create("a", "shoes", 147)], cancellation.Token));

        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task GetContentHashes_returns_the_hash_of_every_item_by_id()
    {
        var store = await CreateEmptyStoreAsync();
        await store.UpsertAsync([
            CatalogItems.Create("a", "shoes", 150) with { ContentHash = "h-a" },
            CatalogItems.Create("b", "pants", 151) with { ContentHash = null },
            CatalogItems.Create("c", "pants", 152) with { ContentHash = "h-c" },
        ]);
        await store.UpsertAsync([CatalogItems.Create("c", "pants", 153) with { ContentHash = "h-c2" }]);
        await store.DeleteAsync(["a"]);

        var hashes = await store.GetContentHashesAsync();

        Assert.Equal(2, hashes.Count);
        Assert.Null(hashes["b"]);
        Assert.Equal("h-c2", hashes["c"]);
    }

    [Fact]
    public async Task Search_hits_carry_the_item_fields()
    {
        var store = await CreateEmptyStoreAsync();
        var item = CatalogItems.Create("only", "shoes", 160) with { Name = "Red Sneaker", ImageLocation = "img/red.jpg", Metadata = new Dictionary<string, string> { ["colour"] = "red" } };
        await store.UpsertAsync([item]);

        var hit = Assert.Single(await store.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(23) }));

        Assert.Equal("only", hit.Id);
        Assert.Equal("shoes", hit.Category);
        Assert.Equal("Red Sneaker", hit.Name);
        Assert.Equal("img/red.jpg", hit.ImageLocation);
        Assert.Equal("red", hit.Metadata["colour"]);
    }

    [Fact]
    public async Task Searches_running_while_batches_are_written_see_whole_batches()
    {
        var store = await CreateEmptyStoreAsync();
        const int itemsPerBatch = 8;
        const int batches = 12;
        var text = SyntheticEmbeddings.Text(24);

        // Every batch rewrites the same ids with one version; a reader must never mix two versions.
        static IReadOnlyList<CatalogItem> Batch(int version) =>
            [.. Enumerable.Range(0, itemsPerBatch).Select(i => CatalogItems.Create("item" + i, "shoes", 1000 + i) with { Metadata = new Dictionary<string, string> { ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) } })];

        await store.UpsertAsync(Batch(0));
        var writer = Task.Run(async () =>
        {
            for (var version = 1; version <= batches; version++)
            {
                await store.UpsertAsync(Batch(version));
            }
        });

        var searches = 0;
        while (!writer.IsCompleted || searches == 0)
        {
            var hits = await store.SearchAsync(new CatalogQuery { Text = text, Top = itemsPerBatch });
            Assert.Equal(itemsPerBatch, hits.Count);
            Assert.Single(hits.Select(h => h.Metadata["version"]).Distinct());
            searches++;
        }

        await writer;
        var final = await store.SearchAsync(new CatalogQuery { Text = text, Top = itemsPerBatch });
        Assert.All(final, hit => Assert.Equal(batches.ToString(System.Globalization.CultureInfo.InvariantCulture), hit.Metadata["version"]));
    }

    /// <summary>Adds 36 items over four categories (shoes 12, pants 10, jacket 8, t-shirt 6) and returns them.</summary>
    /// <param name="store">The store.</param>
    /// <returns>The items added.</returns>
    protected static async Task<IReadOnlyList<CatalogItem>> AddMixedCatalogAsync(ICatalogStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var items = new List<CatalogItem>();
        (string Category, int Count)[] layout = [("shoes", 12), ("pants", 10), ("jacket", 8), ("t-shirt", 6)];
        foreach (var (category, count) in layout)
        {
            for (var i = 0; i < count; i++)
            {
                items.Add(CatalogItems.Create($"{category}-{i:D2}", category, seed: 500 + items.Count));
            }
        }

        // Two batches, so that stores that index per batch are exercised too.
        await store.UpsertAsync(items[..20]);
        await store.UpsertAsync(items[20..]);
        return items;
    }

    /// <summary>Asserts the same ids in the same order and scores within <see cref="ScoreTolerance"/>.</summary>
    /// <param name="expected">The expected hits.</param>
    /// <param name="actual">The hits the store gave.</param>
    protected static void AssertHits(IReadOnlyList<CatalogHit> expected, IReadOnlyList<CatalogHit> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal(expected.Select(h => h.Id), actual.Select(h => h.Id));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Score, actual[i].Score, ScoreTolerance);
            Assert.Equal(expected[i].Category, actual[i].Category);
        }
    }

    /// <summary>Asserts that <paramref name="actual"/> holds the vectors of <paramref name="expected"/> within <see cref="VectorTolerance"/>.</summary>
    /// <param name="expected">The embedding written.</param>
    /// <param name="actual">The embedding read back.</param>
    protected void AssertSameVectors(ImageEmbedding expected, ImageEmbedding actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        Assert.Equal(expected.QueryCount, actual.QueryCount);
        Assert.Equal(expected.Dimensions, actual.Dimensions);
        var a = expected.Vectors.Span;
        var b = actual.Vectors.Span;
        for (var i = 0; i < a.Length; i++)
        {
            if (Math.Abs(a[i] - b[i]) > VectorTolerance)
            {
                Assert.Fail($"Vector component {i} differs: wrote {a[i]}, read {b[i]} (tolerance {VectorTolerance}).");
            }
        }
    }
}
