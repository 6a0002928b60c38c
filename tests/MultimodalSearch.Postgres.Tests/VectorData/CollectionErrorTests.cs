using Microsoft.Extensions.VectorData;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Postgres.VectorData;
using Npgsql;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>Bad models, bad input and a missing collection each give a clear, specific error and change nothing.</summary>
[RequiresPostgres]
public sealed class CollectionErrorTests(VectorDataCatalogFixture fixture) : IClassFixture<VectorDataCatalogFixture>
{
    [Fact]
    public async Task Operations_on_a_missing_collection_throw_VectorStoreException_naming_it()
    {
        var collection = fixture.Store.GetCollection<int, FilterRecord>(fixture.NewName("missing"));

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => collection.GetAsync(1));

        Assert.Equal(collection.Name, error.CollectionName);
        Assert.Equal("Get", error.OperationName);
        Assert.Equal("postgresql", error.VectorStoreSystemName);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<VectorStoreException>(() => collection.UpsertAsync(FilterRecord.Seed[0]));
        await Assert.ThrowsAsync<VectorStoreException>(() => collection.SearchAsync(new[] { 1f, 0, 0 }, 1).ToListAsync().AsTask());
    }

    [Fact]
    public async Task A_batch_with_a_vector_of_the_wrong_width_throws_ArgumentException_and_writes_nothing()
    {
        var collection = await fixture.CreateCollectionAsync<int, KeyedRecord<int>>();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync(
        [
            new KeyedRecord<int> { Key = 1, Vector = new[] { 1f, 0, 0 } },
            new KeyedRecord<int> { Key = 2, Vector = new[] { 1f, 0 } },
        ]));

        Assert.Contains("3 dimensions", error.Message, StringComparison.Ordinal);
        Assert.Null(await collection.GetAsync(1));
    }

    [Fact]
    public async Task Text_with_U0000_throws_ArgumentException()
    {
        var collection = await fixture.CreateCollectionAsync<string, KeyedRecord<string>>();

        await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync(new KeyedRecord<string> { Key = "a", Text = "nul\0", Vector = new[] { 1f, 0, 0 } }));
        await Assert.ThrowsAsync<ArgumentException>(() => collection.GetAsync("a\0"));
    }

    [Fact]
    public async Task A_batch_that_the_server_rejects_in_its_second_statement_applies_nothing()
    {
        var collection = await fixture.CreateCollectionAsync<int, FilterRecord>();
        await collection.UpsertAsync(FilterRecord.Seed[0]);
        await using (var check = fixture.Database.DataSource.CreateCommand($"ALTER TABLE \"{fixture.Database.Schema}\".\"{collection.Name}\" ADD CHECK (\"Number\" <> 7099)"))
        {
            await check.ExecuteNonQueryAsync();
        }

        // 7,000 records of 10 columns take two statements (65,535 parameters each at most); the server refuses the last record.
        var records = Enumerable.Range(100, 7000).Select(key => new FilterRecord { Key = key, Number = key }).ToList();
        var error = await Assert.ThrowsAsync<VectorStoreException>(() => collection.UpsertAsync(records));

        Assert.Equal("Upsert", error.OperationName);
        Assert.Null(await collection.GetAsync(100));
        Assert.Equal(1, await collection.GetAsync(r => true, 10).CountAsync());
    }

    [Fact]
    public async Task A_call_whose_pooled_connection_the_server_dropped_is_retried_on_a_fresh_one()
    {
        var application = "mevd_retry_" + Guid.NewGuid().ToString("N")[..8];
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString) { ApplicationName = application }.ConnectionString;
        using var store = PgVectorStore.Create(connectionString, new PgVectorStoreOptions { Schema = fixture.Database.Schema });
        var collection = store.GetCollection<int, KeyedRecord<int>>(fixture.NewName("retry"));
        await collection.EnsureCollectionExistsAsync();
        await using (var kill = fixture.DataSource.CreateCommand("SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE application_name = $1"))
        {
            kill.Parameters.Add(new NpgsqlParameter { Value = application });
            Assert.Equal(1L, await kill.ExecuteScalarAsync());
        }

        await collection.UpsertAsync(new KeyedRecord<int> { Key = 1, Text = "after", Vector = new[] { 1f, 0, 0 } });

        Assert.Equal("after", (await collection.GetAsync(1))!.Text);
    }

    [Fact]
    public void Unsupported_models_are_refused_when_the_collection_is_made()
    {
        Assert.Contains("Byte", Assert.Throws<NotSupportedException>(() => fixture.Store.GetCollection<int, ByteRecord>("x")).Message, StringComparison.Ordinal);
        Assert.Contains("DiskAnn", Assert.Throws<NotSupportedException>(() => fixture.Store.GetCollection<int, KeyedRecord<int>>("x", Definition(IndexKind.DiskAnn, null))).Message, StringComparison.Ordinal);
        Assert.Contains("HammingDistance", Assert.Throws<NotSupportedException>(() => fixture.Store.GetCollection<int, KeyedRecord<int>>("x", Definition(null, DistanceFunction.HammingDistance))).Message, StringComparison.Ordinal);
        Assert.Contains("column name", Assert.Throws<ArgumentException>(() => fixture.Store.GetCollection<int, BadNameRecord>("x")).Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => fixture.Store.GetCollection<object, Dictionary<string, object?>>("x"));
    }

    private static VectorStoreCollectionDefinition Definition(string? indexKind, string? function) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty("Key", typeof(int)),
            new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), 3) { IndexKind = indexKind, DistanceFunction = function },
        ],
    };

    public sealed class ByteRecord
    {
        [VectorStoreKey]
        public int Key { get; set; }

        [VectorStoreData]
        public byte Level { get; set; }
    }

    public sealed class BadNameRecord
    {
        [VectorStoreKey]
        public int Key { get; set; }

        [VectorStoreData(StorageName = "bad\"name")]
        public string? Text { get; set; }
    }
}
