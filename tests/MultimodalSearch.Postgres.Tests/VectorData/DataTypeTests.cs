using Microsoft.Extensions.VectorData;
using MultimodalSearch.Postgres.Tests.Infrastructure;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>short, decimal, DateTime, DateOnly and TimeOnly: stored in their PostgreSQL types, read back, and filtered on.</summary>
[RequiresPostgres]
public sealed class DataTypeTests(VectorDataCatalogFixture fixture) : IClassFixture<VectorDataCatalogFixture>
{
    private static readonly DateTime Noon = new(2025, 3, 4, 12, 30, 45, DateTimeKind.Utc);

    [Fact]
    public async Task Each_type_round_trips_and_filters_by_its_value()
    {
        var collection = await fixture.CreateCollectionAsync<int, TemporalRecord>();
        await collection.UpsertAsync(
        [
            new() { Key = 1, Small = short.MinValue, Price = 12345678901234567890.123456789m, At = Noon, Day = new(2025, 3, 4), Time = new(12, 30, 45, 123), MaybeDay = new(1999, 12, 31) },
            new() { Key = 2, Small = 7, Price = -0.5m, At = Noon.AddDays(1), Day = new(2025, 3, 5), Time = new(8, 0), MaybeDay = null },
        ]);

        var first = await collection.GetAsync(1);
        var cutoff = Noon.AddHours(1);
        var day = new DateOnly(2025, 3, 5);
        var time = new TimeOnly(10, 0);

        Assert.NotNull(first);
        Assert.Equal(short.MinValue, first.Small);
        Assert.Equal(12345678901234567890.123456789m, first.Price);
        Assert.Equal(Noon, first.At);
        Assert.Equal(DateTimeKind.Utc, first.At.Kind);
        Assert.Equal(new DateOnly(2025, 3, 4), first.Day);
        Assert.Equal(new TimeOnly(12, 30, 45, 123), first.Time);
        Assert.Equal(new DateOnly(1999, 12, 31), first.MaybeDay);
        Assert.Null((await collection.GetAsync(2))!.MaybeDay);
        Assert.Equal([2], await Keys(collection, r => r.Small > 0));
        Assert.Equal([2], await Keys(collection, r => r.Price < 0));
        Assert.Equal([2], await Keys(collection, r => r.At > cutoff));
        Assert.Equal([2], await Keys(collection, r => r.Day == day));
        Assert.Equal([1], await Keys(collection, r => r.Time > time));
        Assert.Equal([2], await Keys(collection, r => r.MaybeDay == null));
    }

    [Fact]
    public async Task Values_timestamptz_cannot_hold_are_refused_with_ArgumentException_and_write_nothing()
    {
        var collection = await fixture.CreateCollectionAsync<int, TemporalRecord>();

        var local = await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync(new TemporalRecord { Key = 1, At = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Local) }));
        var offset = await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync(new TemporalRecord { Key = 2, At = Noon, Instant = new DateTimeOffset(Noon).ToOffset(TimeSpan.FromHours(2)) }));

        Assert.Contains("'At'", local.Message, StringComparison.Ordinal);
        Assert.Contains("offset", offset.Message, StringComparison.Ordinal);
        Assert.Empty(await collection.GetAsync(r => true, top: 10).ToListAsync());
    }

    [Fact]
    public async Task Unset_DateTime_and_DateTimeOffset_are_stored_as_minus_infinity_and_read_back()
    {
        var collection = await fixture.CreateCollectionAsync<int, TemporalRecord>();

        await collection.UpsertAsync(new TemporalRecord { Key = 1 });
        var read = await collection.GetAsync(1);

        Assert.Equal(DateTime.MinValue, read!.At);
        Assert.Equal(DateTimeOffset.MinValue, read.Instant);
    }

    private static Task<List<int>> Keys(VectorStoreCollection<int, TemporalRecord> collection, System.Linq.Expressions.Expression<Func<TemporalRecord, bool>> filter) =>
        collection.GetAsync(filter, top: 10).Select(r => r.Key).Order().ToListAsync().AsTask();

    /// <summary>A record with the date, time and number types added for the conformance suite.</summary>
    public sealed class TemporalRecord
    {
        [VectorStoreKey]
        public int Key { get; set; }

        [VectorStoreData(IsIndexed = true)]
        public short Small { get; set; }

        [VectorStoreData]
        public decimal Price { get; set; }

        [VectorStoreData(IsIndexed = true)]
        public DateTime At { get; set; }

        [VectorStoreData]
        public DateTimeOffset Instant { get; set; }

        [VectorStoreData]
        public DateOnly Day { get; set; }

        [VectorStoreData]
        public TimeOnly Time { get; set; }

        [VectorStoreData]
        public DateOnly? MaybeDay { get; set; }
    }
}
