using MultimodalSearch.Postgres.Catalog;
namespace MultimodalSearch.Postgres.Tests.Catalog;

/// <summary>The SQL text, checked without a database: identifiers quoted and validated, values as parameters, index-friendly searches.</summary>
public sealed class PgVectorCatalogSqlBuilderTests
{
    private static readonly PgVectorCatalogNames Names = PgVectorCatalogNames.Create("shop", "catalog");

    [Theory]
    [InlineData("catalog")]
    [InlineData("_private")]
    [InlineData("c2")]
    [InlineData("a_b_c")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghij")]
    public void Valid_identifiers_are_accepted(string name)
    {
        Assert.True(PostgresIdentifiers.IsIdentifier(name));
        Assert.Equal("\"" + name + "\"", PostgresIdentifiers.Quote(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Catalog")]
    [InlineData("1catalog")]
    [InlineData("my-catalog")]
    [InlineData("my catalog")]
    [InlineData("x\"; DROP TABLE y; --")]
    [InlineData("café")]
    [InlineData("pg_catalog")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijk")]
    public void Invalid_identifiers_are_rejected_with_a_message_that_names_the_setting(string name)
    {
        Assert.False(PostgresIdentifiers.IsIdentifier(name));
        var error = Assert.Throws<ArgumentException>(() => PgVectorCatalogNames.Create("shop", name));
        Assert.Equal("Collection", error.ParamName);
        Assert.Contains("lower-case SQL identifier", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PgVectorCatalogNames.Create(name, "catalog"));
    }

    [Fact]
    public void Quote_doubles_embedded_quotes()
    {
        Assert.Equal("\"a\"\"b\"", PostgresIdentifiers.Quote("a\"b"));
    }

    [Fact]
    public void Table_names_are_qualified_quoted_and_prefixed_by_the_collection()
    {
        Assert.Equal("\"shop\".\"catalog_items\"", Names.Items);
        Assert.Equal("\"shop\".\"catalog_vectors\"", Names.Vectors);
        Assert.Equal("\"shop\".\"catalog_meta\"", Names.Meta);
        Assert.Equal("\"shop\".\"catalog_vectors_pooled_hnsw\"", PgVectorCatalogSqlBuilder.HnswIndexQualifiedName(Names));
    }

    [Fact]
    public void Migration_from_scratch_creates_the_items_table_with_byte_ordered_keys_and_records_the_version()
    {
        var statements = PgVectorCatalogSqlBuilder.Migrate(Names, 0);

        Assert.Contains(statements, s => s.StartsWith("CREATE TABLE \"shop\".\"catalog_items\"", StringComparison.Ordinal)
            && s.Contains("id text COLLATE \"C\" PRIMARY KEY", StringComparison.Ordinal)
            && s.Contains("metadata jsonb NOT NULL", StringComparison.Ordinal));
        Assert.Contains("CREATE INDEX \"catalog_items_category\" ON \"shop\".\"catalog_items\" (category)", statements);
        Assert.Equal($"UPDATE \"shop\".\"catalog_meta\" SET schema_version = {PgVectorCatalogSqlBuilder.SchemaVersion} WHERE id = 1", statements[^1]);
    }

    [Fact]
    public void Migration_of_a_current_catalog_does_nothing_and_of_a_newer_one_is_refused()
    {
        Assert.Empty(PgVectorCatalogSqlBuilder.Migrate(Names, PgVectorCatalogSqlBuilder.SchemaVersion));
        var error = Assert.Throws<InvalidOperationException>(() => PgVectorCatalogSqlBuilder.Migrate(Names, PgVectorCatalogSqlBuilder.SchemaVersion + 1));
        Assert.Contains("Upgrade the library", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vectors_table_has_the_catalog_width_and_gets_its_key_and_cascade_after_the_first_load()
    {
        var complete = PgVectorCatalogSqlBuilder.CompleteVectors(Names);

        Assert.Contains("embedding vector(256) NOT NULL", PgVectorCatalogSqlBuilder.CreateVectors(Names, 256)[0], StringComparison.Ordinal);
        Assert.Contains("ADD PRIMARY KEY (item_id, query_index)", complete[0], StringComparison.Ordinal);
        Assert.Contains("ADD FOREIGN KEY (item_id) REFERENCES \"shop\".\"catalog_items\" (id) ON DELETE CASCADE", complete[0], StringComparison.Ordinal);
        Assert.Equal("CREATE INDEX IF NOT EXISTS \"catalog_vectors_category_query\" ON \"shop\".\"catalog_vectors\" (category, query_index)", complete[1]);
        Assert.Equal("CREATE INDEX IF NOT EXISTS \"catalog_vectors_route\" ON \"shop\".\"catalog_vectors\" (((hashtext(item_id) # query_index) & 65535)) WHERE query_index < 0", complete[2]);
        Assert.Equal("ANALYZE \"shop\".\"catalog_items\", \"shop\".\"catalog_vectors\"", complete[3]);
    }

    [Fact]
    public void Hnsw_index_holds_only_the_pooled_rows_with_inner_product_ops_and_the_configured_parameters()
    {
        Assert.Equal(
            "CREATE INDEX IF NOT EXISTS \"catalog_vectors_pooled_hnsw\" ON \"shop\".\"catalog_vectors\" USING hnsw (embedding vector_ip_ops) WITH (m = 24, ef_construction = 80) WHERE query_index < 0",
            PgVectorCatalogSqlBuilder.CreateHnswIndex(Names, 24, 80));
    }

    [Fact]
    public void Bulk_loads_drop_the_qualified_index_and_take_a_shared_two_key_lock_that_index_checks_look_for()
    {
        Assert.Equal("DROP INDEX IF EXISTS \"shop\".\"catalog_vectors_pooled_hnsw\"", PgVectorCatalogSqlBuilder.DropHnswIndex(Names));
        Assert.Equal("SELECT pg_advisory_lock_shared(hashtext($1), $2)", PgVectorCatalogSqlBuilder.BulkLoadLock);
        Assert.Equal("SELECT pg_advisory_unlock_shared(hashtext($1), $2)", PgVectorCatalogSqlBuilder.BulkLoadUnlock);

        // The two-key form (objsubid 2) never meets the one-key schema lock; every value is a parameter.
        var state = PgVectorCatalogSqlBuilder.IndexState;
        Assert.Contains("SELECT to_regclass($1) IS NOT NULL, to_regclass($2) IS NOT NULL", state, StringComparison.Ordinal);
        Assert.Contains("classid = hashtext($3)::oid AND objid = $4::oid AND objsubid = 2", state, StringComparison.Ordinal);
        Assert.DoesNotContain("shop", state, StringComparison.Ordinal);
    }

    [Fact]
    public void Merges_write_in_key_order_and_skip_unchanged_rows()
    {
        var items = PgVectorCatalogSqlBuilder.MergeItems(Names);
        var vectors = PgVectorCatalogSqlBuilder.MergeVectors(Names);

        Assert.Contains("FROM pg_temp.mms_stage_items ORDER BY id", items, StringComparison.Ordinal);
        Assert.Contains("ON CONFLICT (id) DO UPDATE", items, StringComparison.Ordinal);
        Assert.Contains("IS DISTINCT FROM", items, StringComparison.Ordinal);
        Assert.Contains("ORDER BY v.item_id, v.query_index", vectors, StringComparison.Ordinal);
        Assert.Contains("ON CONFLICT (item_id, query_index) DO UPDATE", vectors, StringComparison.Ordinal);
        Assert.Contains("t.embedding IS DISTINCT FROM EXCLUDED.embedding", vectors, StringComparison.Ordinal);
    }

    [Fact]
    public void Batches_are_copied_in_binary_into_temporary_tables_dropped_at_commit()
    {
        Assert.EndsWith("ON COMMIT DROP", PgVectorCatalogSqlBuilder.StageItems, StringComparison.Ordinal);
        Assert.EndsWith("ON COMMIT DROP", PgVectorCatalogSqlBuilder.StageVectors, StringComparison.Ordinal);
        Assert.Equal("COPY pg_temp.mms_stage_items (id, category, name, image_location, content_hash, metadata) FROM STDIN (FORMAT BINARY)", PgVectorCatalogSqlBuilder.CopyItems);
        Assert.Equal("COPY pg_temp.mms_stage_vectors (item_id, query_index, embedding, query_vectors) FROM STDIN (FORMAT BINARY)", PgVectorCatalogSqlBuilder.CopyStagedVectors);
        Assert.Equal("COPY \"shop\".\"catalog_vectors\" (item_id, query_index, category, embedding, query_vectors) FROM STDIN (FORMAT BINARY)", PgVectorCatalogSqlBuilder.CopyVectors(Names));
    }

    [Fact]
    public void Index_search_orders_by_the_bare_distance_so_that_the_hnsw_index_serves_it()
    {
        var sql = PgVectorCatalogSqlBuilder.IndexSearch(Names, filtered: true);

        Assert.Contains("CROSS JOIN LATERAL", sql, StringComparison.Ordinal);
        Assert.Contains("ORDER BY t.embedding <#> p.v LIMIT p.n", sql, StringComparison.Ordinal);

        // The partial index's predicate, literally, so that the planner may use it.
        Assert.Contains("WHERE t.query_index < 0 AND t.category = ANY($9)", sql, StringComparison.Ordinal);
        Assert.Contains("unnest($1::vector[], $2::integer[])", sql, StringComparison.Ordinal);
        Assert.Contains("coalesce(($4::real[])[1] * min(t.embedding <#> ($3::vector[])[1]), 0)", sql, StringComparison.Ordinal);
        Assert.Contains($"coalesce(($4::real[])[{PgVectorSearchPlan.MaxRankers}] * min(t.embedding <#> ($3::vector[])[{PgVectorSearchPlan.MaxRankers}]), 0)", sql, StringComparison.Ordinal);

        // Candidates are ranked by their query vector rows, looked up by item; only the best come back with vectors.
        Assert.Contains("WHERE t.item_id = b.item_id AND t.query_index >= 0", sql, StringComparison.Ordinal);
        Assert.Contains("LIMIT $5", sql, StringComparison.Ordinal);
        Assert.Contains("v.query_index = -1", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_s_routes_are_the_sample_rows_it_scores_best_compared_exactly_and_probed_from_when_they_prove_its_probe_missed_rows()
    {
        var sql = PgVectorCatalogSqlBuilder.IndexSearch(Names, filtered: true);

        // The sample: the route key index's expression, literally, below a bound from the HNSW index's row count.
        Assert.Contains("WHERE $6 > 0 AND s.query_index < 0 AND ((hashtext(s.item_id) # s.query_index) & 65535) < (", sql, StringComparison.Ordinal);

        // Filtered after the sample is read (OFFSET 0 keeps the planner from joining the category index in).
        Assert.Contains("OFFSET 0) r", sql, StringComparison.Ordinal);
        Assert.Contains("WHERE true AND r.category = ANY($9)", sql, StringComparison.Ordinal);
        Assert.Contains($"least(65536, ceil(65536 * {PgVectorCatalogSqlBuilder.RouteSampleRows} / c.reltuples))", sql, StringComparison.Ordinal);
        Assert.Contains("to_regclass('\"shop\".\"catalog_vectors_pooled_hnsw\"')", sql, StringComparison.Ordinal);

        // Compared exactly (an expression the HNSW index cannot serve), then one probe each through the index.
        Assert.Contains("ORDER BY (r.embedding <#> ($1::vector[])[1]) + 0 LIMIT $6", sql, StringComparison.Ordinal);
        Assert.Contains($"ORDER BY t.embedding <#> l2_normalize(r.embedding + $7) LIMIT {PgVectorCatalogSqlBuilder.RowsPerRoute}", sql, StringComparison.Ordinal);

        // A route probes when it proves the text's own probe (the first) missed a row it should have found: the route's
        // row scores better than the probe's worst row yet is not among the probe's rows, or the probe came back short.
        Assert.Contains("SELECT CASE WHEN count(*) < (SELECT p.n FROM p WHERE p.o = 1) THEN 'Infinity' ELSE max(distance) END AS distance", sql, StringComparison.Ordinal);
        Assert.Contains("WHERE r.distance < (SELECT e.distance FROM edge e) AND NOT EXISTS (", sql, StringComparison.Ordinal);
        Assert.Contains("SELECT 1 FROM probed q WHERE q.o = 1 AND q.item_id = r.item_id AND q.query_index = r.query_index", sql, StringComparison.Ordinal);
        Assert.Contains("SELECT item_id, distance FROM routes", sql, StringComparison.Ordinal);

        // A text search ranks only its $8 candidates whose rows it scores best (every row's distance is to the text).
        Assert.Contains("SELECT t.item_id, t.embedding <#> ($1::vector[])[1] AS distance", sql, StringComparison.Ordinal);
        Assert.Contains("GROUP BY a.item_id ORDER BY min(a.distance), a.item_id LIMIT $8", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("r.category", PgVectorCatalogSqlBuilder.IndexSearch(Names, filtered: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Scanned_probe_search_compares_the_probes_with_the_filtered_items_centroid_rows_and_ranks_as_the_index_path()
    {
        var sql = PgVectorCatalogSqlBuilder.ScannedProbeSearch(Names);

        // Each probe's nearest centroid rows of the categories, by a distance the HNSW index cannot order (offset by 0).
        Assert.Contains("WHERE t.category = ANY($9) AND t.query_index < 0", sql, StringComparison.Ordinal);
        Assert.Contains("ORDER BY (t.embedding <#> p.v) + 0 LIMIT p.n", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("ORDER BY t.embedding <#> p.v LIMIT", sql, StringComparison.Ordinal);
        Assert.Contains("GROUP BY c.item_id ORDER BY min(c.distance), c.item_id LIMIT $8", sql, StringComparison.Ordinal);

        // The same ranking and result as the index path, with the same parameters.
        var index = PgVectorCatalogSqlBuilder.IndexSearch(Names, filtered: true);
        var ranking = index[index.IndexOf("best AS (", StringComparison.Ordinal)..];
        Assert.EndsWith(ranking, sql, StringComparison.Ordinal);
        Assert.Equal("SELECT count(*) FROM (SELECT 1 FROM \"shop\".\"catalog_items\" WHERE category = ANY($1) LIMIT $2) AS f", PgVectorCatalogSqlBuilder.CountFilteredItems(Names));
    }

    [Fact]
    public void Unfiltered_search_has_no_category_condition()
    {
        Assert.DoesNotContain("category = ANY", PgVectorCatalogSqlBuilder.IndexSearch(Names, filtered: false), StringComparison.Ordinal);
        Assert.DoesNotContain("category = ANY", PgVectorCatalogSqlBuilder.ExactSearch(Names, filtered: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_search_compares_every_vector_without_the_index_limit()
    {
        var sql = PgVectorCatalogSqlBuilder.ExactSearch(Names, filtered: true);

        Assert.DoesNotContain("LATERAL", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("LIMIT q.n", sql, StringComparison.Ordinal);
        Assert.Contains("FROM q CROSS JOIN \"shop\".\"catalog_vectors\" t WHERE t.query_index >= 0 AND t.category = ANY($4)", sql, StringComparison.Ordinal);
        Assert.Contains("LIMIT $3", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_settings_are_local_to_the_transaction()
    {
        var sql = PgVectorCatalogSqlBuilder.SearchSettings(Names);

        var settings = System.Text.RegularExpressions.Regex.Matches(sql, @"set_config\('([a-z_.]+)'").Select(m => m.Groups[1].Value);
        Assert.Equal(["hnsw.ef_search", "hnsw.iterative_scan", "hnsw.max_scan_tuples", "ivfflat.iterative_scan", "ivfflat.probes", "jit", "max_parallel_workers_per_gather"], settings);
        Assert.Equal(7, System.Text.RegularExpressions.Regex.Count(sql, @", true\)"));
        Assert.Contains("to_regclass('\"shop\".\"catalog_vectors_pooled_hnsw\"')", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(999, 1)]
    [InlineData(40_000, 40)]
    [InlineData(400_000, 400)]
    [InlineData(1_000_000, 1_000)]
    [InlineData(4_000_000, 2_000)]
    [InlineData(long.MaxValue, PgVectorCatalogSqlBuilder.MaxIvfFlatLists)]
    public void IvfFlat_lists_follow_pgvectors_advice(long rows, int lists)
    {
        Assert.Equal(lists, PgVectorCatalogSqlBuilder.IvfFlatLists(rows));
    }

    [Theory]
    [InlineData(PgVectorIterativeScan.Off, "off")]
    [InlineData(PgVectorIterativeScan.RelaxedOrder, "relaxed_order")]
    [InlineData(PgVectorIterativeScan.StrictOrder, "relaxed_order")]
    public void IvfFlat_iterative_scan_has_no_strict_order(PgVectorIterativeScan mode, string expected)
    {
        Assert.Equal(expected, PgVectorCatalogSqlBuilder.IvfFlatIterativeScanSetting(mode));
    }

    [Fact]
    public void The_IvfFlat_index_covers_the_centroid_rows_under_the_catalogs_one_index_name()
    {
        Assert.Equal(
            "CREATE INDEX IF NOT EXISTS \"catalog_vectors_pooled_hnsw\" ON \"shop\".\"catalog_vectors\" USING ivfflat (embedding vector_ip_ops) WITH (lists = 400) WHERE query_index < 0",
            PgVectorCatalogSqlBuilder.CreateIvfFlatIndex(Names, 400));
    }

    [Theory]
    [InlineData(PgVectorIterativeScan.Off, "off")]
    [InlineData(PgVectorIterativeScan.RelaxedOrder, "relaxed_order")]
    [InlineData(PgVectorIterativeScan.StrictOrder, "strict_order")]
    public void Iterative_scan_modes_map_to_pgvector_values(PgVectorIterativeScan mode, string expected)
    {
        Assert.Equal(expected, PgVectorCatalogSqlBuilder.IterativeScanSetting(mode));
    }

    [Fact]
    public void Reads_and_deletes_take_their_values_as_parameters()
    {
        Assert.Equal("DELETE FROM \"shop\".\"catalog_items\" WHERE id = ANY($1)", PgVectorCatalogSqlBuilder.Delete(Names));
        Assert.EndsWith("FROM \"shop\".\"catalog_items\" i WHERE i.id = $1", PgVectorCatalogSqlBuilder.Get(Names), StringComparison.Ordinal);
    }
}
