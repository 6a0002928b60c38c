using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using MultimodalSearch.Postgres.Tests.Infrastructure;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>Upsert, get and delete of records, of every key and data type (MEVD's CRUD and type conformance, ported).</summary>
[RequiresPostgres]
public sealed class RecordCrudTests(VectorDataCatalogFixture fixture) : IClassFixture<VectorDataCatalogFixture>
{
    [Fact]
    public Task Guid_keys_round_trip() => KeysRoundTripAsync(Guid.NewGuid(), Guid.NewGuid(), Guid.Empty);

    [Fact]
    public Task Int_keys_round_trip() => KeysRoundTripAsync(1, -7, int.MaxValue);

    [Fact]
    public Task Long_keys_round_trip() => KeysRoundTripAsync(1L, long.MinValue, 1L << 40);

    [Fact]
    public Task String_keys_that_look_like_SQL_round_trip_literally() => KeysRoundTripAsync("'; DROP TABLE x; --", "%", "\"quoted\"", "靴-👟", "a\\b");

    [Fact]
    public async Task Every_data_type_round_trips_with_nulls_and_dates_keep_their_instant()
    {
        var collection = await fixture.CreateCollectionAsync<long, AllTypesRecord>();
        var full = new AllTypesRecord
        {
            Key = 1,
            Text = "ünïcødé ' \" \\ %",
            Number = -42,
            Big = long.MaxValue,
            Ratio = 0.25f,
            Amount = Math.PI,
            Flag = true,
            Id = Guid.NewGuid(),
            When = new DateTimeOffset(2025, 6, 1, 8, 30, 15, TimeSpan.Zero),
            Tags = ["a", "'b'", ""],
            Labels = ["x"],
            MaybeNumber = 7,
            MaybeFlag = false,
            MaybeWhen = DateTimeOffset.UnixEpoch,
            ArrayVector = [0.5f, -0.5f],
            EmbeddingVector = new Embedding<float>(new[] { 1f, 2f }),
        };
        var empty = new AllTypesRecord { Key = 2 };

        await collection.UpsertAsync([full, empty]);
        var readFull = await collection.GetAsync(1, new() { IncludeVectors = true });
        var readEmpty = await collection.GetAsync(2, new() { IncludeVectors = true });

        Assert.NotNull(readFull);
        Assert.Equal(full.Text, readFull.Text);
        Assert.Equal(full.Number, readFull.Number);
        Assert.Equal(full.Big, readFull.Big);
        Assert.Equal(full.Ratio, readFull.Ratio);
        Assert.Equal(full.Amount, readFull.Amount);
        Assert.Equal(full.Flag, readFull.Flag);
        Assert.Equal(full.Id, readFull.Id);
        Assert.Equal(full.When, readFull.When);
        Assert.Equal(TimeSpan.Zero, readFull.When.Offset);
        Assert.Equal(full.Tags, readFull.Tags);
        Assert.Equal(full.Labels, readFull.Labels);
        Assert.Equal(full.MaybeNumber, readFull.MaybeNumber);
        Assert.Equal(full.MaybeFlag, readFull.MaybeFlag);
        Assert.Equal(full.MaybeWhen, readFull.MaybeWhen);
        Assert.Equal(full.ArrayVector, readFull.ArrayVector);
        Assert.Equal(full.EmbeddingVector.Vector.ToArray(), readFull.EmbeddingVector!.Vector.ToArray());
        Assert.NotNull(readEmpty);
        Assert.Null(readEmpty.Text);
        Assert.Null(readEmpty.Tags);
        Assert.Null(readEmpty.MaybeNumber);
        Assert.Null(readEmpty.MaybeWhen);
        Assert.Null(readEmpty.ArrayVector);
    }

    [Fact]
    public async Task Upsert_overwrites_and_Get_without_vectors_leaves_them_unset()
    {
        var collection = await fixture.CreateCollectionAsync<int, KeyedRecord<int>>();
        await collection.UpsertAsync(new KeyedRecord<int> { Key = 1, Text = "old", Vector = new[] { 1f, 0, 0 } });

        await collection.UpsertAsync(new KeyedRecord<int> { Key = 1, Text = "new", Vector = new[] { 0f, 1, 0 } });
        var withoutVectors = await collection.GetAsync(1);
        var withVectors = await collection.GetAsync(1, new() { IncludeVectors = true });

        Assert.Equal("new", withoutVectors!.Text);
        Assert.True(withoutVectors.Vector.IsEmpty);
        Assert.Equal([0f, 1, 0], withVectors!.Vector.ToArray());
    }

    [Fact]
    public async Task A_key_repeated_in_one_batch_keeps_its_last_record()
    {
        var collection = await fixture.CreateCollectionAsync<int, KeyedRecord<int>>();

        await collection.UpsertAsync([Record(1, "first"), Record(2, "other"), Record(1, "last")]);

        Assert.Equal("last", (await collection.GetAsync(1))!.Text);
        Assert.Equal(2, await collection.GetAsync(r => true, 10).CountAsync());
    }

    [Fact]
    public async Task Batch_get_returns_the_known_keys_and_skips_unknown_ones()
    {
        var collection = await fixture.CreateCollectionAsync<int, KeyedRecord<int>>();
        await collection.UpsertAsync([Record(1, "a"), Record(2, "b"), Record(3, "c")]);

        var records = await collection.GetAsync([3, 99, 1]).ToListAsync();

        Assert.Equal([1, 3], records.Select(r => r.Key).Order());
        Assert.Empty(await collection.GetAsync([]).ToListAsync());
        Assert.Null(await collection.GetAsync(99));
    }

    [Fact]
    public async Task Delete_single_and_batch_remove_the_records_and_ignore_unknown_keys()
    {
        var collection = await fixture.CreateCollectionAsync<int, KeyedRecord<int>>();
        await collection.UpsertAsync([.. Enumerable.Range(1, 5).Select(i => Record(i, "r" + i))]);

        await collection.DeleteAsync(1);
        await collection.DeleteAsync([2, 3, 99]);
        await collection.DeleteAsync([]);

        Assert.Equal([4, 5], (await collection.GetAsync(r => true, 10).ToListAsync()).Select(r => r.Key).Order());
    }

    [Fact]
    public async Task Get_by_filter_orders_and_pages_with_top_and_skip()
    {
        var collection = await fixture.CreateCollectionAsync<int, FilterRecord>();
        await collection.UpsertAsync(FilterRecord.Seed);

        var byNumberDescending = await collection.GetAsync(r => r.Number >= 8, 2, new() { OrderBy = o => o.Descending(r => r.Number), Skip = 1 }).ToListAsync();
        var pages = new List<int>();
        for (var skip = 0; skip < 6; skip += 2)
        {
            pages.AddRange(await collection.GetAsync(r => true, 2, new() { Skip = skip }).Select(r => r.Key).ToListAsync());
        }

        // Numbers 10, 9, 9, 8: skip the 10, take the two 9s (ties by key).
        Assert.Equal([2, 3], byNumberDescending.Select(r => r.Key));
        Assert.Equal([1, 2, 3, 4, 5], pages);
    }

    [Fact]
    public async Task An_empty_auto_generated_Guid_key_gets_a_new_value_written_back()
    {
        var collection = await fixture.CreateCollectionAsync<Guid, AutoKeyRecord>();
        var record = new AutoKeyRecord { Text = "generated" };

        await collection.UpsertAsync(record);

        Assert.NotEqual(Guid.Empty, record.Key);
        Assert.Equal("generated", (await collection.GetAsync(record.Key))!.Text);
    }

    [Fact]
    public async Task Dynamic_collections_read_and_write_dictionaries_over_the_same_table()
    {
        var typed = await fixture.CreateCollectionAsync<int, FilterRecord>();
        await typed.UpsertAsync(FilterRecord.Seed);
        var dynamic = fixture.Store.GetDynamicCollection(typed.Name, TestTables.DefinitionOf<FilterRecord>());

        var found = await dynamic.GetAsync(r => (string)r["Text"]! == "bar", 10).ToListAsync();
        await dynamic.UpsertAsync(new Dictionary<string, object?> { ["Key"] = 9, ["Number"] = 1, ["Text"] = "dynamic", ["Tags"] = new[] { "d" }, ["Vector"] = new ReadOnlyMemory<float>([0f, 0, 1]) });
        var hit = await dynamic.SearchAsync(new ReadOnlyMemory<float>([0f, 0, 1]), 1, new() { Filter = r => (int)r["Number"]! == 1 }).SingleAsync();

        Assert.Equal(2, Assert.Single(found)["Key"]);
        Assert.Equal("dynamic", (await typed.GetAsync(9))!.Text);
        Assert.Equal(9, hit.Record["Key"]);
        Assert.Equal(0, hit.Score!.Value, 1e-6);
    }

    [Fact]
    public async Task Concurrent_batches_over_the_same_keys_in_different_orders_do_not_deadlock()
    {
        var collection = await fixture.CreateCollectionAsync<int, KeyedRecord<int>>();
        var keys = Enumerable.Range(0, 300).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var order = keys.OrderBy(k => (k * 7919 + writer * 104729) % 300).ToArray();
            for (var round = 0; round < 3; round++)
            {
                await collection.UpsertAsync(order.Select(k => Record(k, $"w{writer}")));
            }
        })));

        var all = await collection.GetAsync(r => true, 1000).ToListAsync();
        Assert.Equal(300, all.Count);
        Assert.All(all, r => Assert.StartsWith("w", r.Text, StringComparison.Ordinal));
    }

    private static KeyedRecord<int> Record(int key, string text) => new() { Key = key, Text = text, Vector = new[] { 1f, key, 0 } };

    private async Task KeysRoundTripAsync<TKey>(params TKey[] keys)
        where TKey : notnull
    {
        var collection = await fixture.CreateCollectionAsync<TKey, KeyedRecord<TKey>>();
        var records = keys.Select((key, i) => new KeyedRecord<TKey> { Key = key, Text = "value " + i, Vector = new[] { i, 1f, 0 } }).ToList();

        await collection.UpsertAsync(records);

        foreach (var record in records)
        {
            var read = await collection.GetAsync(record.Key, new() { IncludeVectors = true });
            Assert.NotNull(read);
            Assert.Equal(record.Key, read.Key);
            Assert.Equal(record.Text, read.Text);
            Assert.Equal(record.Vector.ToArray(), read.Vector.ToArray());
        }

        await collection.DeleteAsync(keys[0]);
        Assert.Null(await collection.GetAsync(keys[0]));
        Assert.Equal(keys.Length - 1, await collection.GetAsync(keys.Skip(1)).CountAsync());
    }
}
