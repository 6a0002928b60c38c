using System.Diagnostics;
using System.Globalization;
using MultimodalSearch.Catalog.Providers;
using MultimodalSearch.Postgres.Catalog;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace MultimodalSearch.Benchmarks.Postgres;

/// <summary>
/// The pgvector catalog as schema version 1 laid it out (the baseline of <see cref="PgVectorLayoutBenchmarks"/>): one
/// row per item and query vector, every row in the HNSW index, and a search that probes the index once per search
/// vector (32 times for a photo), groups the rows found per item, and scores the best candidates exactly. The
/// statements are those of MultimodalSearch.Postgres before the pooled index.
/// </summary>
internal sealed class TodayLayoutCatalog
{
    private const int CandidateMultiplier = 10;
    private const int MinCandidates = 100;
    private const int RescoreMultiplier = 3;
    private const int PhotoVectorShare = 4;
    private const int EfSearch = 200;
    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _items;
    private readonly string _vectors;
    private readonly string _search;

    /// <summary>Creates the catalog's names; nothing is sent to the server.</summary>
    /// <param name="dataSource">A data source with the pgvector types.</param>
    /// <param name="collection">The table prefix.</param>
    public TodayLayoutCatalog(NpgsqlDataSource dataSource, string collection)
    {
        _dataSource = dataSource;
        Collection = collection;
        _items = $"{PostgresBenchmarkServer.Schema}.{collection}_items";
        _vectors = $"{PostgresBenchmarkServer.Schema}.{collection}_vectors";
        IndexName = $"{PostgresBenchmarkServer.Schema}.{collection}_vectors_hnsw";
        _search = $"""
            WITH q AS (SELECT u.v, u.w, u.n, u.ord FROM unnest($1::vector[], $2::real[], $5::integer[]) WITH ORDINALITY AS u(v, w, n, ord)),
            nearest AS (
                SELECT q.ord, q.w, c.item_id, c.distance
                FROM q CROSS JOIN LATERAL (
                    SELECT t.item_id, t.embedding <#> q.v AS distance FROM {_vectors} t WHERE t.category = ANY($4)
                    ORDER BY t.embedding <#> q.v LIMIT q.n) c),
            per_vector AS (SELECT item_id, ord, w, min(distance) AS distance FROM nearest GROUP BY item_id, ord, w),
            best AS (SELECT item_id, sum(w * distance) AS distance FROM per_vector GROUP BY item_id ORDER BY 2, 1 LIMIT $3)
            SELECT i.id, i.category, i.name, i.image_location,
                (SELECT array_agg(v.embedding ORDER BY v.query_index) FROM {_vectors} v WHERE v.item_id = i.id) AS vectors
            FROM best b JOIN {_items} i ON i.id = b.item_id ORDER BY b.distance, b.item_id
            """;
    }

    /// <summary>Gets the table prefix.</summary>
    public string Collection { get; }

    /// <summary>Gets the qualified name of the HNSW index.</summary>
    public string IndexName { get; }

    /// <summary>Loads <paramref name="count"/> items as schema version 1 did (COPY, keys, then the HNSW index over every row), unless the tables hold them already.</summary>
    /// <param name="generator">Makes the items.</param>
    /// <param name="count">The number of items.</param>
    /// <returns>The seconds the load took, or null when the catalog was already loaded.</returns>
    public async Task<double?> EnsureLoadedAsync(ClusteredCatalog generator, int count)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();

        // A fresh server has neither (the store creates them for its own catalogs).
        await ExecuteAsync(connection, $"CREATE EXTENSION IF NOT EXISTS vector; CREATE SCHEMA IF NOT EXISTS {PostgresBenchmarkServer.Schema}");
        await connection.ReloadTypesAsync();
        if (await ScalarAsync<bool>(connection, "SELECT to_regclass($1) IS NOT NULL", IndexName)
            && await ScalarAsync<long>(connection, $"SELECT count(*) FROM {_items}") == count)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {_vectors}, {_items}");
        await ExecuteAsync(connection, $"""
            CREATE TABLE {_items} (id text COLLATE "C" PRIMARY KEY, category text COLLATE "C" NOT NULL, name text NOT NULL DEFAULT '',
                image_location text, content_hash text, metadata jsonb NOT NULL DEFAULT jsonb_build_object(),
                created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE {_vectors} (item_id text COLLATE "C" NOT NULL, query_index smallint NOT NULL, category text COLLATE "C" NOT NULL, embedding vector({ClusteredCatalog.Dimensions}) NOT NULL)
            """);
        const int Chunk = 5_000;
        for (var first = 0; first < count; first += Chunk)
        {
            var items = generator.Items(first, Math.Min(Chunk, count - first));
            await using (var importer = await connection.BeginBinaryImportAsync($"COPY {_items} (id, category, name) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var item in items)
                {
                    await importer.WriteRowAsync(default, item.Id, item.Category, item.Name ?? "");
                }

                await importer.CompleteAsync();
            }

            await using (var importer = await connection.BeginBinaryImportAsync($"COPY {_vectors} (item_id, query_index, category, embedding) FROM STDIN (FORMAT BINARY)"))
            {
                importer.Timeout = TimeSpan.FromHours(1);
                foreach (var item in items)
                {
                    for (var q = 0; q < item.Embedding.QueryCount; q++)
                    {
                        await importer.StartRowAsync();
                        await importer.WriteAsync(item.Id, NpgsqlDbType.Text);
                        await importer.WriteAsync((short)q, NpgsqlDbType.Smallint);
                        await importer.WriteAsync(item.Category, NpgsqlDbType.Text);
                        await importer.WriteAsync(new Vector(item.Embedding.GetQuery(q)));
                    }
                }

                await importer.CompleteAsync();
            }
        }

        // pgvector builds far faster while the graph fits in maintenance_work_mem: the server's 2 GB held neither 50,000
        // items' 1.6 million rows nor 200,000 items' 6.4 million, which were then built partly on disk, measuring the
        // memory setting rather than the layout. The centroid layouts' indexes fit. 1.6 KB a row is a little short (the
        // 10 GB this gives at 200,000 items held about 6.0 million rows, ~1.7 KB each).
        var buildMemory = Math.Max(2, (int)Math.Ceiling(count * (double)ClusteredCatalog.QueryCount * 1.6 / (1024 * 1024)));
        await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"SET maintenance_work_mem = '{buildMemory}GB'"));
        await ExecuteAsync(connection, $"""
            ALTER TABLE {_vectors} ADD PRIMARY KEY (item_id, query_index), ADD FOREIGN KEY (item_id) REFERENCES {_items} (id) ON DELETE CASCADE;
            CREATE INDEX ON {_vectors} (category);
            ANALYZE {_items}, {_vectors};
            CREATE INDEX {Collection}_vectors_hnsw ON {_vectors} USING hnsw (embedding vector_ip_ops) WITH (m = 16, ef_construction = 64)
            """);
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>
    /// Searches as schema version 1 did: candidates from one index probe per search vector, the best re-scored exactly.
    /// The probes are kept on the HNSW index (no sequential or bitmap scans): at 200,000 items the planner, which takes a
    /// <c>LIMIT</c> parameter for a tenth of the 6.4 million rows, chose a sequential scan and sort of the whole table per
    /// probe (10-30 s a text search), as schema version 1's store would have; the baseline is measured at its best.
    /// </summary>
    /// <param name="query">A query with a category filter.</param>
    /// <returns>The hits, best first.</returns>
    public async Task<IReadOnlyList<CatalogHit>> SearchAsync(CatalogQuery query)
    {
        var perVector = Math.Max(MinCandidates, query.Top * CandidateMultiplier);
        var perPhotoVector = Math.Max(query.Top, perVector / PhotoVectorShare);
        var vectors = new List<Vector>();
        var weights = new List<float>();
        var limits = new List<int>();
        var total = CatalogScoring.TextWeight(query) + CatalogScoring.ImageWeight(query);
        if (CatalogScoring.TextWeight(query) > 0)
        {
            vectors.Add(new Vector(query.Text!.Vector));
            weights.Add(CatalogScoring.TextWeight(query) / total);
            limits.Add(perVector);
        }

        if (CatalogScoring.ImageWeight(query) > 0)
        {
            for (var q = 0; q < query.Image!.QueryCount; q++)
            {
                vectors.Add(new Vector(query.Image.GetQuery(q)));
                weights.Add(CatalogScoring.ImageWeight(query) / (total * query.Image.QueryCount));
                limits.Add(perPhotoVector);
            }
        }

        var rescore = query.Top * RescoreMultiplier;
        var candidates = CatalogScoring.ImageWeight(query) > 0 ? Math.Max(rescore, MinCandidates) : rescore;
        await using var connection = await _dataSource.OpenConnectionAsync();
        // A search of a catalog larger than the machine's page cache reads its index from disk: no 30 s limit.
        await using var batch = new NpgsqlBatch(connection)
        {
            Timeout = 600,
            BatchCommands =
            {
                new NpgsqlBatchCommand(
                    "SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true), " +
                    "set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)")
                {
                    Parameters = { new NpgsqlParameter<string> { TypedValue = Math.Clamp(limits.Max(), EfSearch, 1000).ToString(CultureInfo.InvariantCulture) } },
                },
                new NpgsqlBatchCommand(_search)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<Vector[]> { TypedValue = [.. vectors] },
                        new NpgsqlParameter<float[]> { TypedValue = [.. weights] },
                        new NpgsqlParameter<int> { TypedValue = candidates },
                        new NpgsqlParameter<string[]> { TypedValue = [.. query.Categories!], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                        new NpgsqlParameter<int[]> { TypedValue = [.. limits] },
                    },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync();
        await reader.NextResultAsync();
        var hits = new List<CatalogHit>();
        while (await reader.ReadAsync())
        {
            var rows = await reader.GetFieldValueAsync<Vector[]>(4);
            var flat = new float[rows.Length * ClusteredCatalog.Dimensions];
            for (var v = 0; v < rows.Length; v++)
            {
                rows[v].Memory.Span.CopyTo(flat.AsSpan(v * ClusteredCatalog.Dimensions));
            }

            hits.Add(new CatalogHit(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), EmptyMetadata, CatalogScoring.Score(query, flat, ClusteredCatalog.Dimensions)));
        }

        hits.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Id, b.Id));
        return hits.Count > query.Top ? hits[..query.Top] : hits;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
