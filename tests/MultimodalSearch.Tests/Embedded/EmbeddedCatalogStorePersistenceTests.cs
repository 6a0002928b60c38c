using MultimodalSearch.Embedded;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Tests.Embedded;

public sealed class EmbeddedCatalogStorePersistenceTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Reopened_store_holds_every_committed_item_with_its_vectors()
    {
        var items = Items(40, seed: 1);
        await using (var store = await OpenAsync())
        {
            await store.UpsertAsync(items[..25]);
            await store.UpsertAsync(items[25..]);
            await store.DeleteAsync([items[3].Id]);
        }

        await using var reopened = await OpenAsync();

        Assert.Equal(39, await reopened.CountAsync());
        Assert.Null(await reopened.GetAsync(items[3].Id));
        foreach (var item in items.Where((_, i) => i != 3))
        {
            var stored = await reopened.GetAsync(item.Id);
            Assert.NotNull(stored);
            Assert.Equal(item.Name, stored.Name);
            Assert.Equal(item.ContentHash, stored.ContentHash);
            Assert.Equal(item.Metadata["seed"], stored.Metadata["seed"]);
            Assert.Equal(item.Embedding.Vectors.ToArray(), stored.Embedding.Vectors.ToArray());
        }
    }

    [Fact]
    public async Task Reopened_store_ranks_exactly_as_before()
    {
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(5, dimensions: 64), Categories = ["c1", "c2"], Top = 7 };
        IReadOnlyList<CatalogHit> before;
        await using (var store = await OpenAsync())
        {
            await store.UpsertAsync(Items(60, seed: 2));
            before = await store.SearchAsync(query);
        }

        await using var reopened = await OpenAsync();
        var after = await reopened.SearchAsync(query);

        Assert.Equal(before.Select(h => (h.Id, h.Score)), after.Select(h => (h.Id, h.Score)));
    }

    [Fact]
    public async Task Ingesting_in_batches_appends_to_the_log_instead_of_rewriting_it()
    {
        var items = Items(360, seed: 3);
        await using (var batched = await OpenAsync("batched"))
        {
            for (var i = 0; i < items.Count; i += 32)
            {
                await batched.UpsertAsync(items.Skip(i).Take(32).ToList());
            }
        }

        await using (var whole = await OpenAsync("whole"))
        {
            await whole.UpsertAsync(items);
        }

        // Rewriting the catalog on every batch would make the log about 6 times larger than one batch's log.
        var batchedBytes = LogFile("batched").Length;
        var wholeBytes = LogFile("whole").Length;
        Assert.InRange(batchedBytes, wholeBytes, wholeBytes * 1.01);
    }

    [Fact]
    public async Task Repeated_overwrites_compact_the_log_automatically()
    {
        await using var store = await OpenAsync();
        var items = Items(20, seed: 4, dimensions: 256);
        await store.UpsertAsync(items);
        var oneCopy = LogFile().Length;

        for (var round = 0; round < 60; round++)
        {
            await store.UpsertAsync(items);
        }

        // 61 copies were written; compaction keeps at most twice the live data plus its 4 MiB slack.
        Assert.InRange(LogFile().Length, oneCopy / 2, (2 * oneCopy) + (4 << 20) + oneCopy);
        Assert.Equal(20, await store.CountAsync());
    }

    [Fact]
    public async Task Compaction_keeps_every_item_and_shrinks_the_log()
    {
        var items = Items(50, seed: 5);
        await using (var store = await OpenAsync())
        {
            await store.UpsertAsync(items);
            await store.UpsertAsync(items[..30]);
            await store.DeleteAsync([.. items[40..].Select(i => i.Id)]);
            var before = LogFile().Length;

            await store.CompactAsync();

            Assert.True(LogFile().Length < before * 0.6, $"log {LogFile().Length} bytes after compaction, {before} before");
        }

        await using var reopened = await OpenAsync();
        Assert.Equal(40, await reopened.CountAsync());
        Assert.Single(Directory.GetFiles(_directory.Path, "catalog-*.log"));
        var stored = await reopened.GetAsync(items[10].Id);
        Assert.Equal(items[10].Embedding.Vectors.ToArray(), stored!.Embedding.Vectors.ToArray());
    }

    [Fact]
    public async Task A_flipped_byte_in_a_record_is_reported_with_the_file_and_never_half_loaded()
    {
        await using (var store = await OpenAsync())
        {
            await store.UpsertAsync(Items(10, seed: 6));
            await store.UpsertAsync(Items(10, seed: 7, idOffset: 100));
        }

        var log = LogFile();
        using (var file = log.Open(FileMode.Open, FileAccess.ReadWrite))
        {
            // A byte in the vectors of the second record's last item.
            file.Position = file.Length - 5;
            var value = file.ReadByte();
            file.Position = file.Length - 5;
            file.WriteByte((byte)(value ^ 0x10));
        }

        var error = await Assert.ThrowsAsync<CatalogStoreException>(() => OpenAsync());

        Assert.Equal("Open", error.Operation);
        Assert.Contains(log.Name, error.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_log_is_reported_as_truncated()
    {
        await using (var store = await OpenAsync())
        {
            await store.UpsertAsync(Items(10, seed: 8));
        }

        var log = LogFile();
        using (var file = log.Open(FileMode.Open, FileAccess.ReadWrite))
        {
            file.SetLength(file.Length - 100);
        }

        var error = await Assert.ThrowsAsync<CatalogStoreException>(() => OpenAsync());

        Assert.Contains(log.Name, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_after_the_committed_end_are_discarded_as_an_uncommitted_append()
    {
        await using (var store = await OpenAsync())
        {
            await store.UpsertAsync(Items(10, seed: 9));
        }

        var committed = LogFile().Length;
        using (var file = LogFile().Open(FileMode.Append, FileAccess.Write))
        {
            // What a crash in the middle of an append leaves: part of a record the manifest never named.
            file.Write(new byte[3000].Select((_, i) => (byte)i).ToArray());
        }

        await using (var reopened = await OpenAsync())
        {
            Assert.Equal(10, await reopened.CountAsync());
            Assert.Equal(committed, LogFile().Length);
            await reopened.UpsertAsync(Items(5, seed: 10, idOffset: 50));
        }

        await using var again = await OpenAsync();
        Assert.Equal(15, await again.CountAsync());
    }

    [Fact]
    public async Task A_corrupt_manifest_is_reported()
    {
        await using (var store = await OpenAsync())
        {
            await store.UpsertAsync(Items(3, seed: 11));
        }

        var manifest = _directory.Combine("manifest");
        var bytes = await File.ReadAllBytesAsync(manifest);
        bytes[30] ^= 0xFF;
        await File.WriteAllBytesAsync(manifest, bytes);

        var error = await Assert.ThrowsAsync<CatalogStoreException>(() => OpenAsync());

        Assert.Contains("manifest", error.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_manifest_next_to_a_log_is_reported_instead_of_starting_empty()
    {
        await using (var store = await OpenAsync())
        {
            await store.UpsertAsync(Items(3, seed: 12));
        }

        File.Delete(_directory.Combine("manifest"));

        var error = await Assert.ThrowsAsync<CatalogStoreException>(() => OpenAsync());

        Assert.Contains("no manifest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_can_be_open_in_one_store_at_a_time()
    {
        var first = await OpenAsync();

        var error = await Assert.ThrowsAsync<CatalogStoreException>(() => OpenAsync());
        Assert.Contains("in use", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);

        await first.DisposeAsync();
        await using var second = await OpenAsync();
        Assert.Equal(0, await second.CountAsync());
    }

    [Fact]
    public async Task A_float32_catalog_reopened_as_float16_keeps_its_items_within_float16_rounding()
    {
        var items = Items(8, seed: 13);
        await using (var store = await OpenAsync())
        {
            await store.UpsertAsync(items);
        }

        await using (var half = await OpenAsync(precision: EmbeddedVectorPrecision.Float16))
        {
            var stored = await half.GetAsync(items[2].Id);
            var expected = items[2].Embedding.Vectors.Span;
            var actual = stored!.Embedding.Vectors.Span;
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], actual[i], 1e-3f);
            }

            await half.UpsertAsync(Items(2, seed: 14, idOffset: 20));
        }

        // Back to float32: float16 records load too.
        await using var full = await OpenAsync();
        Assert.Equal(10, await full.CountAsync());
    }

    [Fact]
    public async Task Large_categories_are_searched_in_parallel_with_the_exact_ranking()
    {
        // More slots than the parallel threshold, and enough deletes to make a partition rewrite itself.
        var items = Items(900, seed: 15, dimensions: 32, queryCount: 8);
        await using var store = await OpenAsync();
        await store.UpsertAsync(items);
        await store.DeleteAsync([.. items.Where((_, i) => i % 3 != 0 && i < 600).Select(i => i.Id)]);
        var remaining = items.Where((_, i) => i % 3 == 0 || i >= 600).ToList();
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(16, dimensions: 32), Top = 25 };

        var hits = await store.SearchAsync(query);

        var expected = CatalogItems.ExpectedHits(remaining, query, v => v.ToArray());
        Assert.Equal(expected.Select(h => (h.Id, h.Score)), hits.Select(h => (h.Id, h.Score)));
        Assert.Equal(remaining.Count, await store.CountAsync());
    }

    [Fact]
    public async Task Vectors_with_NaN_or_infinity_are_rejected()
    {
        await using var store = await OpenAsync();
        var values = SyntheticEmbeddings.NormalisedRows(17, 64, 4);
        values[77] = float.NaN;
        var item = new CatalogItem { Id = "nan", Category = "c", Embedding = new ImageEmbedding(values, 4) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync([item]));

        Assert.Contains("'nan'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task A_float16_store_rejects_values_beyond_the_float16_range()
    {
        await using var store = await OpenAsync(precision: EmbeddedVectorPrecision.Float16);
        var values = SyntheticEmbeddings.NormalisedRows(18, 64, 4);
        values[5] = 70000f;

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.UpsertAsync([new CatalogItem { Id = "big", Category = "c", Embedding = new ImageEmbedding(values, 4) }]));

        Assert.Contains("float16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_with_a_lone_surrogate_is_rejected_because_it_cannot_be_stored_faithfully()
    {
        await using var store = await OpenAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync([Items(1, seed: 19)[0] with { Name = "bad \uD800 name" }]));

        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task A_disposed_store_refuses_calls()
    {
        var store = await OpenAsync();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CountAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.UpsertAsync(Items(1, seed: 20)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Options_without_a_directory_are_rejected(string directory)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = directory }));

        Assert.Contains("Directory", error.Message, StringComparison.Ordinal);
    }

    private static List<CatalogItem> Items(int count, int seed, int dimensions = 64, int queryCount = 32, int idOffset = 0) =>
        [.. Enumerable.Range(idOffset, count).Select(i => CatalogItems.Create($"item-{i:D4}", "c" + (i % 3), (seed * 10_000) + i, dimensions, queryCount))];

    private Task<EmbeddedCatalogStore> OpenAsync(string name = "", EmbeddedVectorPrecision precision = EmbeddedVectorPrecision.Float32) =>
        EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = _directory.Combine(name), VectorPrecision = precision });

    private FileInfo LogFile(string name = "") => new(Directory.GetFiles(_directory.Combine(name), "catalog-*.log").Single());
}
