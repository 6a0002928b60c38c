namespace MultimodalSearch.Ingestion;

/// <summary>A source of catalog products to index: a folder of <c>&lt;category&gt;/&lt;image&gt;</c>, a <c>styles.csv</c>, or your own.</summary>
public interface ICatalogSource
{
    /// <summary>Gets a description of the source for logs (its path).</summary>
    string Description { get; }

    /// <summary>
    /// Reads the products. Records the source cannot read are yielded with <see cref="CatalogSourceEntry.Problem"/>
    /// set, so that they are reported and the run goes on.
    /// </summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The entries, in a stable order.</returns>
    IAsyncEnumerable<CatalogSourceEntry> ReadAsync(CancellationToken cancellationToken = default);
}
