using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using Npgsql;
using Pgvector;

namespace MultimodalSearch.Postgres.VectorData;

/// <content>Vector search and hybrid (vector + full-text) search.</content>
public sealed partial class PgVectorCollection<TKey, TRecord>
{
    // The most hnsw.ef_search pgvector takes.
    private const int MaxEfSearch = 1000;

    /// <inheritdoc />
    /// <remarks>
    /// Takes <c>top + Skip</c> results from the HNSW index (an exact scan for flat indexes, and for tables of at most
    /// <see cref="PgVectorStoreOptions.ExactSearchThreshold"/> rows), with <c>hnsw.ef_search</c>
    /// at least twice that (and at least <see cref="PgVectorStoreOptions.EfSearch"/>) and an iterative index scan so that a filter does not leave the result short, then applies the score threshold
    /// (at least it for similarities, at most it for distances). Ties are ordered by key.
    /// </remarks>
    /// <exception cref="ArgumentException">The search vector has the wrong width.</exception>
    /// <exception cref="NotSupportedException">The filter uses an unsupported construct, or the search value is not a vector and no embedding generator is configured.</exception>
    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue,
        int top,
        VectorSearchOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip, nameof(options));
        EnsureVectorsReadable(options.IncludeVectors);
        var property = _model.GetVectorPropertyOrSingle(options);
        var column = _table[property];
        var distance = PgVectorDistance.For(property);
        List<object> parameters = [await ToSearchVectorAsync(searchValue, property, cancellationToken).ConfigureAwait(false)];
        var condition = options.Filter is null ? null : PgVectorFilterTranslator.Translate(options.Filter, _table, parameters);
        parameters.Add(top);
        parameters.Add(options.Skip);
        var sql = PgVectorCollectionSqlBuilder.Search(_table, column, condition, options.IncludeVectors, Placeholder(parameters.Count - 1), Placeholder(parameters.Count));
        var results = await RunSearchAsync("Search", sql, parameters, top + options.Skip, options.IncludeVectors, cancellationToken).ConfigureAwait(false);
        foreach (var (record, value) in results)
        {
            var score = distance.ToScore(value);
            if (!distance.Passes(score, options.ScoreThreshold))
            {
                // Results come best first: none after this one passes either.
                yield break;
            }

            yield return new VectorSearchResult<TRecord>(record, score);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Ranks the nearest records and the best full-text matches (PostgreSQL <c>ts_rank</c> over the keywords, any
    /// of which may match), as many on each side as a search's <c>hnsw.ef_search</c> (at least
    /// <see cref="PgVectorStoreOptions.EfSearch"/>, at least twice <c>top + Skip</c>, at most 1000), and fuses the two rankings by reciprocal rank
    /// (1 / (60 + rank) from each side). The score is the fused value; <c>ScoreThreshold</c> is a minimum.
    /// </remarks>
    /// <exception cref="ArgumentException">The search vector has the wrong width, or no keyword has text.</exception>
    /// <exception cref="InvalidOperationException">No full-text indexed property is named, or several exist.</exception>
    public async IAsyncEnumerable<VectorSearchResult<TRecord>> HybridSearchAsync<TInput>(
        TInput searchValue,
        ICollection<string> keywords,
        int top,
        HybridSearchOptions<TRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TInput : notnull
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentNullException.ThrowIfNull(keywords);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Skip, nameof(options));
        EnsureVectorsReadable(options.IncludeVectors);
        var property = _model.GetVectorPropertyOrSingle(new VectorSearchOptions<TRecord> { VectorProperty = options.VectorProperty });
        var text = _model.GetFullTextDataPropertyOrSingle(options.AdditionalProperty);
        List<object> parameters = [await ToSearchVectorAsync(searchValue, property, cancellationToken).ConfigureAwait(false), WebSearchQuery(keywords)];
        var condition = options.Filter is null ? null : PgVectorFilterTranslator.Translate(options.Filter, _table, parameters);
        // Each side ranks as many candidates as a plain search's ef_search, not just top + Skip: with few
        // candidates per side a record that both sides rank well may be missing from one of them.
        var depth = EfSearch(top + options.Skip);
        parameters.Add(depth);
        parameters.Add(top);
        parameters.Add(options.Skip);
        var sql = PgVectorCollectionSqlBuilder.HybridSearch(
            _table, _table[property], _table[text], condition, options.IncludeVectors,
            Placeholder(parameters.Count - 2), Placeholder(parameters.Count - 1), Placeholder(parameters.Count));
        var results = await RunSearchAsync("HybridSearch", sql, parameters, depth, options.IncludeVectors, cancellationToken).ConfigureAwait(false);
        foreach (var (record, score) in results)
        {
            if (options.ScoreThreshold is { } threshold && score < threshold)
            {
                yield break;
            }

            yield return new VectorSearchResult<TRecord>(record, score);
        }
    }

    /// <summary>Turns keywords into a <c>websearch_to_tsquery</c> text that matches any of them; each keyword is a quoted phrase, so no keyword is read as an operator.</summary>
    /// <param name="keywords">The keywords.</param>
    /// <returns>The query text.</returns>
    /// <exception cref="ArgumentException">No keyword has text.</exception>
    internal static string WebSearchQuery(IEnumerable<string> keywords)
    {
        var phrases = keywords
            .Where(k => !string.IsNullOrWhiteSpace(k))
            .Select(k => "\"" + k.Replace("\"", " ", StringComparison.Ordinal).Replace("\0", " ", StringComparison.Ordinal) + "\"")
            .ToList();
        return phrases.Count == 0
            ? throw new ArgumentException("A hybrid search needs at least one keyword with text.", nameof(keywords))
            : string.Join(" OR ", phrases);
    }

    private Task<List<(TRecord Record, double Value)>> RunSearchAsync(string operation, string sql, List<object> parameters, int wanted, bool includeVectors, CancellationToken cancellationToken) =>
        _runner.RunAsync(
            Name,
            operation,
            async (connection, token) =>
            {
                // A small table is scanned whole: exact, and still fast.
                var exact = await _size.IsSmallAsync(connection, token).ConfigureAwait(false);
                Activity.Current?.SetTag(PgVectorDiagnostics.SearchPathTag, exact ? "exact" : "ann");
                var settings = new NpgsqlBatchCommand(PgVectorCollectionSqlBuilder.SearchSettings)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string> { TypedValue = EfSearch(wanted).ToString(CultureInfo.InvariantCulture) },
                        new NpgsqlParameter<string> { TypedValue = exact ? "off" : "on" },
                    },
                };
                var search = new NpgsqlBatchCommand(sql);
                foreach (var value in parameters)
                {
                    search.Parameters.Add(new NpgsqlParameter { Value = value });
                }

                // One batch, one implicit transaction: the settings are local to it and never outlive it on a pooled connection.
                var batch = new NpgsqlBatch(connection) { BatchCommands = { settings, search } };
                await using (batch.ConfigureAwait(false))
                {
                    var reader = await batch.ExecuteReaderAsync(token).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        await reader.NextResultAsync(token).ConfigureAwait(false);
                        var values = new List<double>();
                        var records = await ReadRecordsAsync(reader, includeVectors, (_, row, ordinal) => values.Add(row.GetDouble(ordinal)), token).ConfigureAwait(false);
                        return records.Select((record, i) => (record, values[i])).ToList();
                    }
                }
            },
            cancellationToken);

    /// <summary>Gets the ef_search of a search for <paramref name="wanted"/> results: twice them, at least the configured least, at most pgvector's limit.</summary>
    private int EfSearch(int wanted) => (int)Math.Clamp(Math.Max(_table.EfSearch, 2L * wanted), 1, MaxEfSearch);

    private static async ValueTask<object> ToSearchVectorAsync<TInput>(TInput searchValue, VectorPropertyModel property, CancellationToken cancellationToken)
    {
        object vector = searchValue switch
        {
            _ when PgVectorModelBuilder.IsNativeVectorType(searchValue!.GetType()) => searchValue,
            _ when property.EmbeddingGenerator is not null => await property.GenerateEmbeddingAsync(searchValue, cancellationToken).ConfigureAwait(false),
            _ => throw new NotSupportedException(
                VectorDataStrings.InvalidSearchInputAndNoEmbeddingGeneratorWasConfigured(searchValue.GetType(), PgVectorModelBuilder.SupportedVectorTypes)),
        };
        return PgVectorColumnTypes.ToVectorParameter(property, vector) is var parameter and not DBNull
            ? parameter
            : throw new ArgumentException($"The search vector of vector property '{property.ModelName}' is empty.", nameof(searchValue));
    }
}
