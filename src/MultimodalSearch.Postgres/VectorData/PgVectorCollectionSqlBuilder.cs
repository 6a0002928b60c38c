using System.Globalization;
using System.Text;

namespace MultimodalSearch.Postgres;

/// <summary>
/// Every SQL statement of <see cref="PgVectorCollection{TKey, TRecord}"/>, in one place. Identifiers come
/// validated and quoted from <see cref="PgVectorTable"/>; every value is a <c>$n</c> parameter.
/// </summary>
internal static class PgVectorCollectionSqlBuilder
{
    /// <summary>The name of the computed distance column of a search.</summary>
    public const string DistanceColumn = "\"__distance\"";

    /// <summary>The name of the computed score column of a hybrid search.</summary>
    public const string ScoreColumn = "\"__score\"";

    /// <summary>The constant k of reciprocal-rank fusion: a result at rank r on one side scores 1 / (k + r).</summary>
    public const int RrfK = 60;

    /// <summary>Tells whether a table exists. $1: the schema, $2: the table.</summary>
    public static string TableExists =>
        "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2 AND table_type = 'BASE TABLE')";

    /// <summary>Lists the tables of a schema, sorted. $1: the schema.</summary>
    public static string ListTables =>
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name";

    /// <summary>The statements that create the table and its indexes, idempotently.</summary>
    /// <param name="table">The table.</param>
    /// <returns>The statements.</returns>
    public static IReadOnlyList<string> Create(PgVectorTable table)
    {
        var columns = string.Join(", ", table.Columns.Select(c => c.QuotedName + " " + c.SqlType + (c == table.Key ? " PRIMARY KEY" : "")));
        var statements = new List<string>
        {
            $"CREATE SCHEMA IF NOT EXISTS {PgVectorSqlBuilder.Quote(table.Schema)}",
            $"CREATE TABLE IF NOT EXISTS {table.QualifiedName} ({columns})",
        };
        var indexed = 0;
        var fullText = 0;
        foreach (var column in table.Data)
        {
            var data = (Microsoft.Extensions.VectorData.ProviderServices.DataPropertyModel)column.Property;
            if (data.IsIndexed)
            {
                var method = PgVectorColumnTypes.IsArray(data) ? "gin" : "btree";
                statements.Add($"CREATE INDEX IF NOT EXISTS {table.IndexName("i", indexed++)} ON {table.QualifiedName} USING {method} ({column.QuotedName})");
            }

            if (data.IsFullTextIndexed)
            {
                statements.Add($"CREATE INDEX IF NOT EXISTS {table.IndexName("f", fullText++)} ON {table.QualifiedName} USING gin ({TextVector(table, column)})");
            }
        }

        for (var i = 0; i < table.Vectors.Count; i++)
        {
            var column = table.Vectors[i];
            if (PgVectorTable.IsHnsw(column))
            {
                var distance = PgVectorDistance.For(column.Vector!);
                statements.Add($"CREATE INDEX IF NOT EXISTS {table.IndexName("v", i)} ON {table.QualifiedName} USING hnsw ({column.QuotedName} {distance.OperatorClass})");
            }
        }

        return statements;
    }

    /// <summary>Drops the table.</summary>
    /// <param name="table">The table.</param>
    /// <returns>The statement.</returns>
    public static string Drop(PgVectorTable table) => $"DROP TABLE IF EXISTS {table.QualifiedName}";

    /// <summary>
    /// Inserts <paramref name="rows"/> records, replacing those whose key exists. The parameters are the
    /// columns of <see cref="PgVectorTable.Columns"/>, row after row, each cast to its column's type.
    /// </summary>
    /// <param name="table">The table.</param>
    /// <param name="rows">The number of records.</param>
    /// <returns>The statement.</returns>
    public static string Upsert(PgVectorTable table, int rows)
    {
        var sql = new StringBuilder("INSERT INTO ").Append(table.QualifiedName).Append(" (")
            .AppendJoin(", ", table.Columns.Select(c => c.QuotedName)).Append(") VALUES ");
        var parameter = 1;
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var c = 0; c < table.Columns.Count; c++)
            {
                sql.Append(c == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"${parameter++}::{table.Columns[c].CastType}");
            }

            sql.Append(')');
        }

        var others = table.Columns.Where(c => c != table.Key).ToList();
        sql.Append(" ON CONFLICT (").Append(table.Key.QuotedName).Append(others.Count == 0 ? ") DO NOTHING" : ") DO UPDATE SET ")
            .AppendJoin(", ", others.Select(c => $"{c.QuotedName} = EXCLUDED.{c.QuotedName}"));
        return sql.ToString();
    }

    /// <summary>Reads the records with the given keys. $1: the keys (an array).</summary>
    /// <param name="table">The table.</param>
    /// <param name="includeVectors">Whether to read the vector columns.</param>
    /// <returns>The statement.</returns>
    public static string GetByKeys(PgVectorTable table, bool includeVectors) =>
        $"SELECT {SelectList(table, includeVectors)} FROM {table.QualifiedName} WHERE {table.Key.QuotedName} = ANY($1)";

    /// <summary>Deletes the records with the given keys. $1: the keys (an array).</summary>
    /// <param name="table">The table.</param>
    /// <returns>The statement.</returns>
    public static string DeleteByKeys(PgVectorTable table) => $"DELETE FROM {table.QualifiedName} WHERE {table.Key.QuotedName} = ANY($1)";

    /// <summary>Reads the records that match a filter, ordered, then by key so that paging is stable.</summary>
    /// <param name="table">The table.</param>
    /// <param name="condition">The translated filter.</param>
    /// <param name="orderBy">The sort columns with their direction, or none.</param>
    /// <param name="includeVectors">Whether to read the vector columns.</param>
    /// <param name="limit">The placeholder of the LIMIT parameter.</param>
    /// <param name="offset">The placeholder of the OFFSET parameter.</param>
    /// <returns>The statement.</returns>
    public static string GetWhere(PgVectorTable table, string condition, IEnumerable<string> orderBy, bool includeVectors, string limit, string offset) =>
        $"SELECT {SelectList(table, includeVectors)} FROM {table.QualifiedName} WHERE {condition} " +
        $"ORDER BY {string.Join(", ", orderBy.Append(table.Key.QuotedName))} LIMIT {limit} OFFSET {offset}";

    /// <summary>
    /// Sets the search settings for the rest of the implicit transaction: $1 ef_search, $2 <c>enable_indexscan</c>
    /// (<c>off</c> for an exact scan of a small table). Iterative scans (pgvector 0.8) let a filtered or long
    /// search go past ef_search instead of returning short.
    /// </summary>
    public static string SearchSettings =>
        "SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('enable_indexscan', $2, true)";

    /// <summary>
    /// The nearest records to a vector. $1: the vector; then the filter's parameters; then LIMIT and OFFSET.
    /// The inner query has the only shape pgvector's index serves (ORDER BY distance LIMIT); the outer one
    /// restores exact order (iterative scans return nearly ordered rows) and breaks ties by key.
    /// </summary>
    /// <param name="table">The table.</param>
    /// <param name="vector">The vector column searched.</param>
    /// <param name="condition">The translated filter, or null.</param>
    /// <param name="includeVectors">Whether to read the vector columns.</param>
    /// <param name="limit">The placeholder of the LIMIT parameter.</param>
    /// <param name="offset">The placeholder of the OFFSET parameter.</param>
    /// <returns>The statement; its last column is the distance.</returns>
    public static string Search(PgVectorTable table, PgVectorColumn vector, string? condition, bool includeVectors, string limit, string offset)
    {
        var distance = $"{vector.QuotedName} {PgVectorDistance.For(vector.Vector!).Operator} $1";
        var where = $"{vector.QuotedName} IS NOT NULL" + (condition is null ? "" : $" AND ({condition})");
        return $"""
            WITH nearest AS MATERIALIZED (
                SELECT {SelectList(table, includeVectors)}, {distance} AS {DistanceColumn} FROM {table.QualifiedName}
                WHERE {where} ORDER BY {distance} LIMIT {limit} OFFSET {offset})
            SELECT * FROM nearest ORDER BY {DistanceColumn}, {table.Key.QuotedName}
            """;
    }

    /// <summary>
    /// A hybrid search: the nearest records to a vector and the best full-text matches of the keywords,
    /// fused by reciprocal rank. $1: the vector; $2: the keywords as a web-search query; then the filter's
    /// parameters; then the depth of each side, LIMIT and OFFSET.
    /// </summary>
    /// <param name="table">The table.</param>
    /// <param name="vector">The vector column searched.</param>
    /// <param name="text">The full-text indexed column matched.</param>
    /// <param name="condition">The translated filter, or null.</param>
    /// <param name="includeVectors">Whether to read the vector columns.</param>
    /// <param name="depth">The placeholder of how many records each side ranks.</param>
    /// <param name="limit">The placeholder of the LIMIT parameter.</param>
    /// <param name="offset">The placeholder of the OFFSET parameter.</param>
    /// <returns>The statement; its last column is the fused score.</returns>
    public static string HybridSearch(PgVectorTable table, PgVectorColumn vector, PgVectorColumn text, string? condition, bool includeVectors, string depth, string limit, string offset)
    {
        var key = table.Key.QuotedName;
        var distance = $"{vector.QuotedName} {PgVectorDistance.For(vector.Vector!).Operator} $1";
        var filter = condition is null ? "" : $" AND ({condition})";
        var document = TextVector(table, text);
        var query = $"websearch_to_tsquery({table.TextSearchConfiguration}, $2)";
        var select = string.Join(", ", table.Columns.Where(c => includeVectors || c.Vector is null).Select(c => "t." + c.QuotedName));
        return $"""
            WITH semantic AS MATERIALIZED (
                SELECT {key}, row_number() OVER (ORDER BY d) AS r FROM (
                    SELECT {key}, {distance} AS d FROM {table.QualifiedName}
                    WHERE {vector.QuotedName} IS NOT NULL{filter} ORDER BY {distance} LIMIT {depth}) s),
            keyword AS MATERIALIZED (
                SELECT {key}, row_number() OVER (ORDER BY rank DESC, {key}) AS r FROM (
                    SELECT {key}, ts_rank({document}, {query}) AS rank FROM {table.QualifiedName}
                    WHERE {document} @@ {query}{filter} ORDER BY rank DESC, {key} LIMIT {depth}) k),
            fused AS (
                SELECT coalesce(s.{key}, k.{key}) AS {key},
                    (coalesce(1.0 / ({RrfK} + s.r), 0) + coalesce(1.0 / ({RrfK} + k.r), 0))::double precision AS score
                FROM semantic s FULL JOIN keyword k ON s.{key} = k.{key})
            SELECT {select}, f.score AS {ScoreColumn} FROM fused f JOIN {table.QualifiedName} t ON t.{key} = f.{key}
            ORDER BY f.score DESC, t.{key} LIMIT {limit} OFFSET {offset}
            """;
    }

    /// <summary>The columns a read returns, in <see cref="PgVectorTable.Columns"/> order.</summary>
    private static string SelectList(PgVectorTable table, bool includeVectors) =>
        string.Join(", ", table.Columns.Where(c => includeVectors || c.Vector is null).Select(c => c.QuotedName));

    /// <summary>The document of a full-text column: the same expression in the index and in queries, so that the index serves them.</summary>
    private static string TextVector(PgVectorTable table, PgVectorColumn column) => $"to_tsvector({table.TextSearchConfiguration}, {column.QuotedName})";
}
