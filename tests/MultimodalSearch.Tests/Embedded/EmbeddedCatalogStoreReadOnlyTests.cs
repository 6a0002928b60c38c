using MultimodalSearch.Embedded;
using MultimodalSearch.Testing.Catalog;

namespace MultimodalSearch.Tests.Embedded;

/// <summary>Opening a catalog for searching only (<see cref="EmbeddedCatalogStoreOptions.ReadOnly"/>): on a read-only directory, beside a writer, with writes refused.</summary>
public sealed class EmbeddedCatalogStoreReadOnlyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_catalog_on_a_read_only_directory_opens_read_only_searches_exactly_and_refuses_writes_clearly()
    {
        var items = Items(30);
        await using (var writer = await OpenAsync(_directory.Path))
        {
            await writer.UpsertAsync(items);
        }

        using var readOnly = ReadOnlyDirectory.Create(_directory.Path);

        // A writable open needs the lock file: that is what the read-only mount used to fail with.
        await Assert.ThrowsAsync<CatalogStoreException>(() => OpenAsync(readOnly.Path));
        await using var store = await OpenAsync(readOnly.Path, readOnlyMode: true);
        var query = new CatalogQuery { Text = SyntheticEmbeddings.Text(5, dimensions: 64), Top = 7 };
        var hits = await store.SearchAsync(query);

        Assert.Equal(items.Count, await store.CountAsync());
        Assert.Equal(CatalogItems.ExpectedHits(items, query, v => v.ToArray()).Select(h => (h.Id, h.Score)), hits.Select(h => (h.Id, h.Score)));
        var upsert = await Assert.ThrowsAsync<CatalogStoreException>(() => store.UpsertAsync(Items(1, idOffset: 100)));
        Assert.Equal("Upsert", upsert.Operation);
        Assert.Contains("is open read-only (EmbeddedCatalogStoreOptions.ReadOnly)", upsert.Message, StringComparison.Ordinal);
        Assert.Equal("Delete", (await Assert.ThrowsAsync<CatalogStoreException>(() => store.DeleteAsync([items[0].Id]))).Operation);
        Assert.Equal("Compact", (await Assert.ThrowsAsync<CatalogStoreException>(() => store.CompactAsync())).Operation);
        Assert.Equal(items.Count, await store.CountAsync());
    }

    [Fact]
    public async Task Read_only_stores_open_beside_a_writer_see_what_was_committed_when_they_opened_and_change_no_file()
    {
        var items = Items(20);
        await using var writer = await OpenAsync(_directory.Path);
        await writer.UpsertAsync(items[..12]);
        var files = Snapshot();

        await using var first = await OpenAsync(_directory.Path, readOnlyMode: true);
        await using var second = await OpenAsync(_directory.Path, readOnlyMode: true);
        Assert.Equal(files, Snapshot());

        await writer.UpsertAsync(items[12..]);
        await writer.CompactAsync();

        Assert.Equal(12, await first.CountAsync());
        Assert.Equal(12, await second.CountAsync());
        Assert.Equal(items[11].Embedding.Vectors.ToArray(), (await first.GetAsync(items[11].Id))!.Embedding.Vectors.ToArray());
        await using var third = await OpenAsync(_directory.Path, readOnlyMode: true);
        Assert.Equal(20, await third.CountAsync());
    }

    [Fact]
    public async Task Opening_read_only_where_there_is_no_catalog_fails_clearly_and_creates_nothing()
    {
        var missing = _directory.Combine("nothing-here");

        var error = await Assert.ThrowsAsync<CatalogStoreException>(() => OpenAsync(missing, readOnlyMode: true));

        Assert.Contains("There is no catalog in", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    private static List<CatalogItem> Items(int count, int idOffset = 0) =>
        [.. Enumerable.Range(idOffset, count).Select(i => CatalogItems.Create($"item-{i:D4}", "c" + (i % 3), 70_000 + i, 64, 8))];

    private static Task<EmbeddedCatalogStore> OpenAsync(string directory, bool readOnlyMode = false) =>
        EmbeddedCatalogStore.OpenAsync(new EmbeddedCatalogStoreOptions { Directory = directory, ReadOnly = readOnlyMode });

    private string[] Snapshot() =>
        [.. Directory.GetFiles(_directory.Path).Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O}")];
}
