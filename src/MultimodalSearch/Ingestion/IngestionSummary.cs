namespace MultimodalSearch.Ingestion;

/// <summary>What an ingestion run did.</summary>
/// <param name="Indexed">Items embedded and written.</param>
/// <param name="Skipped">Items already stored and unchanged.</param>
/// <param name="Pruned">Items deleted because their source record disappeared.</param>
/// <param name="Failed">Records that could not be indexed, with the reason.</param>
/// <param name="Total">Items in the store afterwards.</param>
/// <param name="Elapsed">How long the run took.</param>
public sealed record IngestionSummary(int Indexed, int Skipped, int Pruned, IReadOnlyList<IngestionFailure> Failed, long Total, TimeSpan Elapsed);
