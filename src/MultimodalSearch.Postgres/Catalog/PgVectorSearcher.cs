using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Pgvector;
using MultimodalSearch.Catalog.Providers;

namespace MultimodalSearch.Postgres.Catalog;

/// <summary>
/// Runs searches: candidate items from the HNSW index of the items' centroid rows (iterative scans under a category
/// filter), ranked in the server by all their query vectors, the best then scored exactly by <see cref="CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/>,
/// so that scores equal every other store's and only the candidate set is approximate; a text also takes routes from an
/// exactly compared sample (<see cref="PgVectorCatalogOptions.TextRoutes"/>), and the exact re-scoring widens while the
/// rises seen say a lower-ranked item could reach the top (<see cref="PgVectorRescoring"/>). Falls back to an exact scan when the index yields fewer than
/// the results wanted, so a search returns <see cref="CatalogQuery.Top"/> hits whenever that many items match;
/// catalogs small enough to scan in a few milliseconds are always scanned exactly.
/// </summary>
internal sealed class PgVectorSearcher
{
    private readonly PgVectorCatalogOptions _options;
    private readonly ILogger _logger;
    private readonly string _iterativeScan;
    private readonly string _maxScanTuples;
    private readonly string _ivfFlatIterativeScan;
    private readonly int _ivfFlatProbes;
    private readonly string _settingsSql;

    // Indexed by (filtered ? 1 : 0) + (exact ? 2 : 0).
    private readonly string[] _sql;
    private readonly string _scannedProbeSql;
    private readonly string _countFilteredSql;
    private readonly PgVectorTableSize _vectors;

    public PgVectorSearcher(PgVectorCatalogNames names, PgVectorCatalogOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _iterativeScan = PgVectorCatalogSqlBuilder.IterativeScanSetting(options.IterativeScan);
        _maxScanTuples = options.MaxScanTuples.ToString(CultureInfo.InvariantCulture);
        _ivfFlatIterativeScan = PgVectorCatalogSqlBuilder.IvfFlatIterativeScanSetting(options.IterativeScan);
        _ivfFlatProbes = options.IvfFlatProbes ?? 0;
        _settingsSql = PgVectorCatalogSqlBuilder.SearchSettings(names);
        _vectors = new PgVectorTableSize(names.Vectors, options.ExactSearchThreshold);
        _sql =
        [
            PgVectorCatalogSqlBuilder.IndexSearch(names, filtered: false),
            PgVectorCatalogSqlBuilder.IndexSearch(names, filtered: true),
            PgVectorCatalogSqlBuilder.ExactSearch(names, filtered: false),
            PgVectorCatalogSqlBuilder.ExactSearch(names, filtered: true),
        ];
        _scannedProbeSql = PgVectorCatalogSqlBuilder.ScannedProbeSearch(names);
        _countFilteredSql = PgVectorCatalogSqlBuilder.CountFilteredItems(names);
    }

    /// <summary>Searches.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="query">A query validated against <paramref name="shape"/>.</param>
    /// <param name="shape">The catalog's shape.</param>
    /// <param name="activity">The operation's activity, tagged with the path taken.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The hits, best first, ties by id.</returns>
    public async Task<IReadOnlyList<CatalogHit>> SearchAsync(NpgsqlConnection connection, CatalogQuery query, PgVectorCatalogShape shape, Activity? activity, CancellationToken cancellationToken)
    {
        var plan = PgVectorSearchPlan.Create(query, _options);
        if (await _vectors.IsSmallAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            var (all, _) = await FetchCandidatesAsync(connection, plan, exact: true, scanProbes: false, shape, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(PgVectorDiagnostics.SearchPathTag, "exact");
            return Rank(Score(all, query, shape), query);
        }

        var scanProbes = await HasFewFilteredItemsAsync(connection, plan, cancellationToken).ConfigureAwait(false);
        var (candidates, distances) = await FetchCandidatesAsync(connection, plan, exact: false, scanProbes, shape, cancellationToken).ConfigureAwait(false);
        var path = scanProbes ? "scanned-probe" : "ann";
        if (candidates.Count < query.Top)
        {
            // The index can come back short (a rare category beyond hnsw.max_scan_tuples, or many rows of
            // the same items): scan exactly, which finds every match.
            PgVectorLog.ExactScanFallback(_logger, candidates.Count, query.Top);
            (candidates, _) = await FetchCandidatesAsync(connection, plan, exact: true, scanProbes: false, shape, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(PgVectorDiagnostics.SearchPathTag, path + "+exact");
            activity?.SetTag("multimodal_search.search.candidates", candidates.Count);
            return Rank(Score(candidates, query, shape), query);
        }

        var hits = Score(candidates, query, shape);
        var rounds = 0;

        // A full page of ranked items may leave better ones below it (PgVectorRescoring); fewer means every candidate came.
        while (rounds < _options.MaxRescoreRounds && candidates.Count == plan.RankedItems
            && PgVectorRescoring.MayMissBetter([.. hits.Select(h => h.Score)], CollectionsMarshal.AsSpan(distances), query.Top, out var rise))
        {
            var next = (int)Math.Min(int.MaxValue, 3L * plan.RankedItems);
            PgVectorLog.RescoreWidened(_logger, plan.RankedItems, query.Top, rise, next);
            plan = plan.WithRankedItems(next);
            (candidates, distances) = await FetchCandidatesAsync(connection, plan, exact: false, scanProbes, shape, cancellationToken).ConfigureAwait(false);
            hits = Score(candidates, query, shape);
            rounds++;
        }

        activity?.SetTag(PgVectorDiagnostics.SearchPathTag, path);
        activity?.SetTag("multimodal_search.search.candidates", candidates.Count);
        activity?.SetTag("multimodal_search.search.rescore_rounds", rounds);
        return Rank(hits, query);
    }

    /// <summary>Builds the batch of one candidate fetch: the search settings, then the search.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="plan">The plan.</param>
    /// <param name="exact">Whether to scan exactly.</param>
    /// <param name="scanProbes">For the index path with a category filter, whether to find the probes' rows by comparing them with every centroid row of the filter's items instead of through the HNSW index.</param>
    /// <returns>The batch.</returns>
    internal NpgsqlBatch CreateBatch(NpgsqlConnection connection, PgVectorSearchPlan plan, bool exact, bool scanProbes = false)
    {
        // set_config(..., true) is SET LOCAL with parameters: it lasts until the batch's implicit
        // transaction ends, so a pooled connection never keeps these settings.
        var settings = new NpgsqlBatchCommand(_settingsSql)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = plan.EfSearch.ToString(CultureInfo.InvariantCulture) },
                new NpgsqlParameter<string> { TypedValue = _iterativeScan },
                new NpgsqlParameter<string> { TypedValue = _maxScanTuples },
                new NpgsqlParameter<string> { TypedValue = _ivfFlatIterativeScan },
                new NpgsqlParameter<int> { TypedValue = _ivfFlatProbes },
            },
        };
        var search = new NpgsqlBatchCommand(scanProbes && !exact && plan.Categories is not null ? _scannedProbeSql : _sql[(plan.Categories is null ? 0 : 1) + (exact ? 2 : 0)]);
        if (exact)
        {
            search.Parameters.Add(new NpgsqlParameter<Vector[]> { TypedValue = plan.Vectors });
            search.Parameters.Add(new NpgsqlParameter<float[]> { TypedValue = plan.Weights });
        }
        else
        {
            search.Parameters.Add(new NpgsqlParameter<Vector[]> { TypedValue = plan.Probes });
            search.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = plan.ProbeLimits });
            search.Parameters.Add(new NpgsqlParameter<Vector[]> { TypedValue = plan.Rankers });
            search.Parameters.Add(new NpgsqlParameter<float[]> { TypedValue = plan.RankerWeights });
        }

        search.Parameters.Add(new NpgsqlParameter<int> { TypedValue = exact ? plan.ExactRankedItems : plan.RankedItems });
        if (!exact)
        {
            search.Parameters.Add(new NpgsqlParameter<int> { TypedValue = plan.Routes });
            search.Parameters.Add(new NpgsqlParameter<Vector> { TypedValue = plan.RouteVector });
            search.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = plan.TextCandidates is { } candidates ? candidates : DBNull.Value });
        }

        // Only the filtered statements have a category parameter.
        if (plan.Categories is { } categories)
        {
            search.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = categories, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        }

        return new NpgsqlBatch(connection) { BatchCommands = { settings, search } };
    }

    /// <summary>Forgets the vectors table's size, so that the next search reads it again (after this store wrote).</summary>
    public void Invalidate() => _vectors.Invalidate();

    /// <summary>Whether the query's category filter leaves at most <see cref="PgVectorCatalogOptions.ExactProbeThreshold"/> items (counted up to one more).</summary>
    private async Task<bool> HasFewFilteredItemsAsync(NpgsqlConnection connection, PgVectorSearchPlan plan, CancellationToken cancellationToken)
    {
        if (plan.Categories is not { } categories || _options.ExactProbeThreshold == 0)
        {
            return false;
        }

        await using var count = new NpgsqlCommand(_countFilteredSql, connection)
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = categories, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<int> { TypedValue = _options.ExactProbeThreshold + 1 },
            },
        };
        return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! <= _options.ExactProbeThreshold;
    }

    /// <summary>Runs one candidate fetch: the items, in the statement's order, and for the index path each one's ranking distance (empty for the exact path).</summary>
    private async Task<(List<CatalogItem> Items, List<double> RankingDistances)> FetchCandidatesAsync(NpgsqlConnection connection, PgVectorSearchPlan plan, bool exact, bool scanProbes, PgVectorCatalogShape shape, CancellationToken cancellationToken)
    {
        var batch = CreateBatch(connection, plan, exact, scanProbes);
        await using (batch.ConfigureAwait(false))
        {
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                var items = new List<CatalogItem>();
                var distances = new List<double>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    items.Add(PgVectorItemReader.Read(reader, shape));
                    if (!exact)
                    {
                        distances.Add(reader.GetDouble(7));
                    }
                }

                return (items, distances);
            }
        }
    }

    /// <summary>Scores every candidate exactly, keeping their order.</summary>
    private static List<CatalogHit> Score(List<CatalogItem> candidates, CatalogQuery query, PgVectorCatalogShape shape)
    {
        var hits = new List<CatalogHit>(candidates.Count);
        foreach (var item in candidates)
        {
            hits.Add(CatalogScoring.Hit(item, CatalogScoring.Score(query, item.Embedding.Vectors.Span, shape.Dimensions)));
        }

        return hits;
    }

    /// <summary>Sorts the hits best first, ties by id, and keeps the top.</summary>
    private static List<CatalogHit> Rank(List<CatalogHit> hits, CatalogQuery query)
    {
        hits.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(a.Id, b.Id);
        });
        if (hits.Count > query.Top)
        {
            hits.RemoveRange(query.Top, hits.Count - query.Top);
        }

        return hits;
    }
}
