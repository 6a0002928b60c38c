using Microsoft.Extensions.VectorData;

namespace MultimodalSearch.Postgres.Tests.VectorData;

/// <summary>The SQL text of the collection's statements, without a server: quoting, parameters, index shapes.</summary>
public sealed class PgVectorCollectionSqlBuilderTests
{
    [Fact]
    public void Create_makes_the_table_btree_gin_full_text_and_HNSW_indexes_with_the_distance_opclass()
    {
        var table = TestTables.For<int, ProductRecord>();

        var statements = PgVectorCollectionSqlBuilder.Create(table);

        Assert.Equal(
        [
            "CREATE SCHEMA IF NOT EXISTS \"s\"",
            "CREATE TABLE IF NOT EXISTS \"s\".\"t\" (\"Key\" integer PRIMARY KEY, \"Description\" text, \"Category\" text, \"Vector\" vector(2))",
            "CREATE INDEX IF NOT EXISTS \"t_f0\" ON \"s\".\"t\" USING gin (to_tsvector('english'::regconfig, \"Description\"))",
            "CREATE INDEX IF NOT EXISTS \"t_i0\" ON \"s\".\"t\" USING btree (\"Category\")",
            "CREATE INDEX IF NOT EXISTS \"t_v0\" ON \"s\".\"t\" USING hnsw (\"Vector\" vector_cosine_ops)",
        ], statements);
    }

    [Theory]
    [InlineData(DistanceFunction.DotProductSimilarity, "vector_ip_ops")]
    [InlineData(DistanceFunction.EuclideanDistance, "vector_l2_ops")]
    [InlineData(DistanceFunction.ManhattanDistance, "vector_l1_ops")]
    public void The_HNSW_opclass_follows_the_distance_function(string function, string opclass)
    {
        var table = TestTables.For<int, KeyedRecord<int>>(Definition(function, IndexKind.Hnsw));

        Assert.EndsWith($"USING hnsw (\"Vector\" {opclass})", PgVectorCollectionSqlBuilder.Create(table)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_flat_index_creates_no_vector_index()
    {
        var table = TestTables.For<int, KeyedRecord<int>>(Definition(DistanceFunction.CosineDistance, IndexKind.Flat));

        Assert.DoesNotContain(PgVectorCollectionSqlBuilder.Create(table), s => s.Contains("hnsw", StringComparison.Ordinal));
    }

    [Fact]
    public void The_size_estimate_scales_the_planner_statistics_to_the_table_now_and_counts_at_most_the_limit_without_them()
    {
        var table = TestTables.For<int, ProductRecord>();

        Assert.Equal(
            "SELECT CASE WHEN c.reltuples > 0 AND c.relpages > 0 AND n.pages <= 2 * c.relpages THEN (c.reltuples / c.relpages * n.pages)::bigint " +
            "ELSE (SELECT count(*) FROM (SELECT 1 FROM \"s\".\"t\" LIMIT $1) AS s) END " +
            "FROM pg_class AS c CROSS JOIN LATERAL (SELECT pg_relation_size(c.oid) / current_setting('block_size')::bigint AS pages) AS n WHERE c.oid = $2::regclass",
            PgVectorSqlBuilder.RowEstimate(table.QualifiedName));
        Assert.EndsWith("set_config('enable_indexscan', $2, true)", PgVectorCollectionSqlBuilder.SearchSettings, StringComparison.Ordinal);
    }

    [Fact]
    public void Upsert_casts_every_parameter_and_updates_every_other_column_on_conflict()
    {
        var table = TestTables.For<int, KeyedRecord<int>>();

        var sql = PgVectorCollectionSqlBuilder.Upsert(table, rows: 2);

        Assert.Equal(
            "INSERT INTO \"s\".\"t\" (\"Key\", \"Text\", \"Vector\") VALUES ($1::integer, $2::text, $3::vector), ($4::integer, $5::text, $6::vector) " +
            "ON CONFLICT (\"Key\") DO UPDATE SET \"Text\" = EXCLUDED.\"Text\", \"Vector\" = EXCLUDED.\"Vector\"",
            sql);
    }

    [Fact]
    public void Search_orders_by_the_bare_distance_so_that_the_index_serves_it_and_sorts_ties_by_key_outside()
    {
        var table = TestTables.For<int, KeyedRecord<int>>();

        var sql = PgVectorCollectionSqlBuilder.Search(table, table.Vectors[0], "\"Text\" = $2", includeVectors: false, "$3", "$4");

        Assert.Contains("ORDER BY \"Vector\" <=> $1 LIMIT $3 OFFSET $4", sql, StringComparison.Ordinal);
        Assert.Contains("WHERE \"Vector\" IS NOT NULL AND (\"Text\" = $2)", sql, StringComparison.Ordinal);
        Assert.EndsWith("ORDER BY \"__distance\", \"Key\"", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Vector\",", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "shirt" }, "\"shirt\"")]
    [InlineData(new[] { "blue jeans", " ", "-x" }, "\"blue jeans\" OR \"-x\"")]
    [InlineData(new[] { "a\"b", "c\0d" }, "\"a b\" OR \"c d\"")]
    public void Keywords_become_quoted_phrases_joined_by_OR(string[] keywords, string expected)
    {
        Assert.Equal(expected, PgVectorCollection<int, ProductRecord>.WebSearchQuery(keywords));
    }

    private static VectorStoreCollectionDefinition Definition(string function, string indexKind) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty("Key", typeof(int)),
            new VectorStoreDataProperty("Text", typeof(string)),
            new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), 3) { DistanceFunction = function, IndexKind = indexKind },
        ],
    };
}
