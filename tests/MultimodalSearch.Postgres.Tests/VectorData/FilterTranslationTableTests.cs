using System.Linq.Expressions;
using Microsoft.Extensions.VectorData;
using MultimodalSearch.Postgres.Tests.Infrastructure;
using MultimodalSearch.Postgres.VectorData;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>
/// The filter translation table: each supported LINQ form, the SQL it emits (with its parameters), and the
/// rows the real server returns for it, which must also be the rows LINQ to Objects selects from the same
/// records (C# semantics, nulls included).
/// </summary>
[RequiresPostgres]
public sealed class FilterTranslationTableTests(VectorDataCatalogFixture fixture) : IClassFixture<VectorDataCatalogFixture>, IAsyncLifetime
{
    private static readonly string Foo = "foo";
    private static readonly string[] Names = ["foo", "bar"];
    private static readonly string?[] NamesAndNull = ["bar", null];
    // The same instant as day 3, written with another offset: a filter compares instants.
    private static readonly DateTimeOffset Cutoff = FilterRecord.At(3).ToOffset(TimeSpan.FromHours(2));
    private static readonly string Malicious = "foo' OR 1=1 --";
    private static readonly List<string?> TagList = ["a", "x"];
    private static readonly string?[] TagPair = ["x", "y"];

    private static readonly Dictionary<string, (Expression<Func<FilterRecord, bool>> Filter, string Sql, object[] Parameters, int[] Keys)> Table = new()
    {
        ["equal"] = (r => r.Number == 8, "\"Number\" = $1", [8], [1]),
        ["equal, value first"] = (r => 9 == r.Number, "\"Number\" = $1", [9], [2, 3]),
        ["not equal, non-nullable column"] = (r => r.Number != 9, "\"Number\" <> $1", [9], [1, 4, 5]),
        ["not equal, nullable column keeps nulls"] = (r => r.Text != "foo", "(\"Text\" <> $1 OR \"Text\" IS NULL)", ["foo"], [2, 3, 4, 5]),
        ["less than"] = (r => r.Number < 9, "\"Number\" < $1", [9], [1, 5]),
        ["less than or equal"] = (r => r.Big <= 20, "\"Big\" <= $1", [20L], [1, 2]),
        ["greater than"] = (r => r.Amount > 1.5, "\"Amount\" > $1", [1.5], [4, 5]),
        ["greater than or equal, value first"] = (r => 9 <= r.Number, "\"Number\" >= $1", [9], [2, 3, 4]),
        ["nullable comparison skips nulls"] = (r => r.MaybeNumber > 8, "\"MaybeNumber\" > $1", [8], [3, 4]),
        ["is null"] = (r => r.Text == null, "\"Text\" IS NULL", [], [3]),
        ["is not null"] = (r => r.MaybeNumber != null, "\"MaybeNumber\" IS NOT NULL", [], [1, 3, 4]),
        ["and"] = (r => r.Number == 9 && r.Flag, "(\"Number\" = $1 AND \"Flag\")", [9], [3]),
        ["or"] = (r => r.Number == 8 || r.Text == "bar", "(\"Number\" = $1 OR \"Text\" = $2)", [8, "bar"], [1, 2]),
        ["not of a bool"] = (r => !r.Flag, "(\"Flag\") IS NOT TRUE", [], [2, 4]),
        ["not keeps C# null semantics"] = (r => !(r.MaybeNumber == 8), "(\"MaybeNumber\" = $1) IS NOT TRUE", [8], [2, 3, 4, 5]),
        ["not over or"] = (r => !(r.Text == "foo" || r.Number == 9), "((\"Text\" = $1 OR \"Number\" = $2)) IS NOT TRUE", ["foo", 9], [4, 5]),
        ["captured value"] = (r => r.Text == Foo, "\"Text\" = $1", ["foo"], [1]),
        ["date comparison"] = (r => r.When >= Cutoff, "\"When\" >= $1", [Cutoff.ToUniversalTime()], [3, 4, 5]),
        ["array contains property"] = (r => Names.Contains(r.Text), "\"Text\" = ANY($1)", [new[] { "foo", "bar" }], [1, 2]),
        ["array with null contains property"] = (r => NamesAndNull.Contains(r.Text), "(\"Text\" = ANY($1) OR \"Text\" IS NULL)", [new[] { "bar" }], [2, 3]),
        ["array property contains value"] = (r => r.Tags.Contains("x"), "\"Tags\" @> ARRAY[$1]", ["x"], [1, 3]),
        ["array property shares an element with an inline array"] = (r => r.Tags.Any(t => new[] { "y", "z" }.Contains(t)), "\"Tags\" && $1", [new[] { "y", "z" }], [1, 5]),
        ["array property shares an element with a captured list"] = (r => r.Tags.Any(t => TagList.Contains(t)), "\"Tags\" && $1", [new[] { "a", "x" }], [1, 2, 3]),
        ["array property contains null"] = (r => r.Tags.Contains(null), "array_position(\"Tags\", NULL) IS NOT NULL", [], [3]),
        ["SQL in a value matches literally"] = (r => r.Text == Malicious, "\"Text\" = $1", [Malicious], [4]),
        ["LIKE wildcard in a value matches literally"] = (r => r.Text == "%", "\"Text\" = $1", ["%"], [5]),
        ["constant true"] = (r => true, "TRUE", [], [1, 2, 3, 4, 5]),
    };

    private VectorStoreCollection<int, FilterRecord> _collection = null!;

    public static TheoryData<string> Forms => [.. Table.Keys];

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Each_supported_form_emits_its_SQL_and_returns_the_rows_CSharp_would(string form)
    {
        var (filter, expectedSql, expectedParameters, expectedKeys) = Table[form];
        var parameters = new List<object>();

        var sql = PgVectorFilterTranslator.Translate(filter, TestTables.For<int, FilterRecord>(), parameters);
        var rows = await _collection.GetAsync(filter, top: 100).Select(r => r.Key).Order().ToListAsync();

        Assert.Equal(expectedSql, sql);
        Assert.Equal(expectedParameters, parameters);
        Assert.Equal(expectedKeys, rows);
        Assert.Equal(FilterRecord.Seed.Where(filter.Compile()).Select(r => r.Key).Order(), rows);
    }

    [Fact]
    public async Task A_whole_array_equals_another_with_the_same_elements_in_the_same_order()
    {
        var parameters = new List<object>();

        var equal = PgVectorFilterTranslator.Translate((Expression<Func<FilterRecord, bool>>)(r => r.Tags == TagPair), TestTables.For<int, FilterRecord>(), parameters);
        var same = await _collection.GetAsync(r => r.Tags == TagPair, top: 10).Select(r => r.Key).ToListAsync();
        var reversed = await _collection.GetAsync(r => r.Tags == new[] { "y", "x" }, top: 10).Select(r => r.Key).ToListAsync();
        var others = await _collection.GetAsync(r => r.Tags != TagPair, top: 10).Select(r => r.Key).Order().ToListAsync();

        Assert.Equal("\"Tags\" = $1", equal);
        Assert.Equal([new[] { "x", "y" }], parameters);
        Assert.Equal([1], same);
        Assert.Empty(reversed);
        Assert.Equal([2, 3, 4, 5], others);
    }

    [Fact]
    public async Task Search_applies_the_same_filter_translation()
    {
        var hits = await _collection.SearchAsync(new[] { 1f, 0, 0 }, top: 5, new() { Filter = r => r.Text != "foo" && !(r.MaybeNumber == 9) }).ToListAsync();

        Assert.Equal([4, 2, 5], hits.Select(h => h.Record.Key));
    }

    public static TheoryData<string, string> Unsupported => new()
    {
        { "StartsWith", "StartsWith" },
        { "arithmetic", "Add" },
        { "two properties", "comparing two properties" },
        { "method on a value", "Concat" },
        { "Any with another predicate", "Any" },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public async Task Unsupported_constructs_are_refused_with_NotSupportedException_naming_them(string form, string named)
    {
        Expression<Func<FilterRecord, bool>> filter = form switch
        {
            "StartsWith" => r => r.Text!.StartsWith("fo"),
            "arithmetic" => r => r.Number + 1 == 9,
            "two properties" => r => r.MaybeNumber == r.Number,
            "Any with another predicate" => r => r.Tags.Any(t => t == "x"),
            _ => r => r.Text == string.Concat(Foo, "x"),
        };

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => _collection.GetAsync(filter, top: 10).ToListAsync().AsTask());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_on_an_unknown_dynamic_property_throws_InvalidOperationException()
    {
        var dynamic = fixture.Store.GetDynamicCollection(_collection.Name, TestTables.DefinitionOf<FilterRecord>());

        await Assert.ThrowsAsync<InvalidOperationException>(() => dynamic.GetAsync(r => (string)r["Nope"]! == "x", top: 10).ToListAsync().AsTask());
    }

    public async Task InitializeAsync()
    {
        _collection = await fixture.CreateCollectionAsync<int, FilterRecord>();
        await _collection.UpsertAsync(FilterRecord.Seed);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
