using System.Globalization;
using MultimodalSearch.Postgres.Catalog;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>
/// The IVFFlat centroid index (<see cref="PgVectorCentroidIndex.IvfFlat"/>): a store asking for it rebuilds a catalog's
/// HNSW index as IVFFlat when it opens (and back), sizes its lists from the centroid rows (one per 1,000), trains them
/// again when the catalog has outgrown them, probes the square root of the lists (at least 10, at most all), and its searches go through
/// the index and find at least 95 % of the exact top 10 when every list is probed.
/// </summary>
[RequiresPostgres]
public sealed class PgVectorIvfFlatIndexTests(PostgresSchemaFixture database) : IClassFixture<PostgresSchemaFixture>
{
    private const int K = 10;

    [Fact]
    public async Task A_store_asking_for_IvfFlat_rebuilds_the_index_on_open_and_its_searches_probing_every_list_find_the_top_10()
    {
        // 600 items: 4,800 centroid rows, 4 lists, all probed.
        var items = Items(0, 600);
        var writer = database.CreateStore();
        foreach (var batch in items.Chunk(200))
        {
            await writer.UpsertAsync(batch);
        }

        Assert.Equal("hnsw", await AccessMethodAsync(writer.Collection));

        var store = database.OpenStore(writer.Collection, options =>
        {
            // Through the index, whatever the catalog's or the category's size.
            options.ExactSearchThreshold = 0;
            options.ExactProbeThreshold = 0;
            options.CentroidIndex = PgVectorCentroidIndex.IvfFlat;

            // Every list probed: the probes find the exact nearest centroid rows. (Random synthetic vectors have no
            // clusters for fewer lists to follow; the recall of the automatic probes on real images is
            // PgVectorVariantCatalogRecallTests'.)
            options.IvfFlatProbes = 4;
        });
        using var paths = new SearchPathRecorder(store);
        var found = 0;
        var wanted = 0;
        for (var i = 0; i < 12; i++)
        {
            var query = i % 2 == 0
                ? new CatalogQuery { Text = SyntheticEmbeddings.Text(5_000 + i), Top = K }
                : new CatalogQuery { Image = SyntheticEmbeddings.Image(6_000 + i), Categories = ["shoes"], Top = K };
            var hits = await store.SearchAsync(query);
            found += CatalogItems.ExpectedHits(items, query, v => v.ToArray()).Select(h => h.Id).Intersect(hits.Select(h => h.Id)).Count();
            wanted += K;
        }

        // The candidates are those of the exact nearest rows; a photo's ranking by groups of its query vectors still
        // orders a few near-ties differently from the exact score.
        Assert.True(found >= 0.95 * wanted, $"recall@{K} through the IVFFlat index probing every list is {found / (double)wanted:F4}; at least 0.95 is required.");

        Assert.Equal("ivfflat", await AccessMethodAsync(writer.Collection));
        Assert.Equal(4, await ListsAsync(writer.Collection));
        Assert.All(paths.Paths, path => Assert.Equal("ann", path));

        // And back: a store asking for HNSW rebuilds it again.
        var hnsw = database.OpenStore(writer.Collection, options => options.ExactSearchThreshold = 0);
        Assert.Equal(K, (await hnsw.SearchAsync(new CatalogQuery { Text = SyntheticEmbeddings.Text(7_000), Top = K })).Count);
        Assert.Equal("hnsw", await AccessMethodAsync(writer.Collection));
    }

    [Fact]
    public async Task IvfFlat_lists_made_for_a_small_catalog_are_trained_again_when_a_store_opens_it_four_times_larger()
    {
        void IvfFlat(PgVectorCatalogOptions options)
        {
            options.ExactSearchThreshold = 0;
            options.CentroidIndex = PgVectorCentroidIndex.IvfFlat;
        }

        // The first write builds the index over 160 centroid rows: 1 list, which every probe scans (exact).
        var items = Items(0, 600);
        var writer = database.CreateStore(IvfFlat);
        await writer.UpsertAsync(items.Take(20).ToArray());
        Assert.Equal(1, await ListsAsync(writer.Collection));
        Assert.Equal("1", await ProbesAsync(writer.Collection));
        await writer.UpsertAsync(items.Skip(20).ToArray());
        Assert.Equal(1, await ListsAsync(writer.Collection));

        // 4,800 centroid rows take 4 lists: four times the index's, so the next store to open the catalog rebuilds it.
        var store = database.OpenStore(writer.Collection, IvfFlat);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(8_000), Top = K };
        var hits = await store.SearchAsync(query);

        Assert.Equal(4, await ListsAsync(writer.Collection));
        Assert.Equal("4", await ProbesAsync(writer.Collection));
        Assert.Equal(K, hits.Count);

        // A catalog within four times of its lists keeps them.
        await store.UpsertAsync(Items(600, 100));
        Assert.Equal(700, await database.OpenStore(writer.Collection, IvfFlat).CountAsync());
        Assert.Equal(4, await ListsAsync(writer.Collection));
    }

    [Fact]
    public async Task The_automatic_probes_are_the_square_root_of_the_lists_at_least_10_and_never_more_than_the_lists()
    {
        var writer = database.CreateStore(options => options.CentroidIndex = PgVectorCentroidIndex.IvfFlat);
        await writer.UpsertAsync(Items(0, 20));
        var probes = new List<string>();
        foreach (var lists in new[] { 4, 10, 40, 100, 101, 400, 1_600 })
        {
            await database.ScalarAsync<object?>($"DROP INDEX {Index(writer.Collection)}");
            await database.ScalarAsync<object?>($"""
                CREATE INDEX "{writer.Collection}_vectors_pooled_hnsw" ON "{database.Schema}"."{writer.Collection}_vectors"
                    USING ivfflat (embedding vector_ip_ops) WITH (lists = {lists}) WHERE query_index < 0
                """);
            probes.Add(await ProbesAsync(writer.Collection));
        }

        Assert.Equal(["4", "10", "10", "10", "11", "20", "40"], probes);
    }

    private static CatalogItem[] Items(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => CatalogItems.Create("item-" + i.ToString("D4", CultureInfo.InvariantCulture), i % 3 == 0 ? "shoes" : "pants", 10_000 + i))];

    private string Index(string collection) => $"\"{database.Schema}\".\"{collection}_vectors_pooled_hnsw\"";

    private Task<string> AccessMethodAsync(string collection) =>
        database.ScalarAsync<string>("SELECT a.amname::text FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.oid = to_regclass($1)", Index(collection));

    private Task<int> ListsAsync(string collection) =>
        database.ScalarAsync<int>("SELECT substring(o FROM '^lists=([0-9]+)$')::integer FROM pg_class c CROSS JOIN unnest(c.reloptions) o WHERE c.oid = to_regclass($1) AND o LIKE 'lists=%'", Index(collection));

    /// <summary>The <c>ivfflat.probes</c> that a search of the catalog sets (automatic: the options leave it null).</summary>
    private async Task<string> ProbesAsync(string collection)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var batch = new Npgsql.NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new Npgsql.NpgsqlBatchCommand(PgVectorCatalogSqlBuilder.SearchSettings(PgVectorCatalogNames.Create(database.Schema, collection)))
                {
                    Parameters = { new() { Value = "40" }, new() { Value = "off" }, new() { Value = "1000" }, new() { Value = "off" }, new Npgsql.NpgsqlParameter<int> { TypedValue = 0 } },
                },
                new Npgsql.NpgsqlBatchCommand("SELECT current_setting('ivfflat.probes')"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return reader.GetString(0);
    }
}
