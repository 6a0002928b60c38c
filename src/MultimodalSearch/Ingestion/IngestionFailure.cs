namespace MultimodalSearch.Ingestion;

/// <summary>A record that could not be indexed.</summary>
/// <param name="Path">The image file, or the CSV file and line.</param>
/// <param name="Reason">Why.</param>
public sealed record IngestionFailure(string Path, string Reason);
