namespace MultimodalSearch.Ingestion;

/// <summary>A snapshot of an ingestion run's progress.</summary>
/// <param name="Expected">Records the source listed.</param>
/// <param name="Indexed">Items written so far.</param>
/// <param name="Skipped">Items found unchanged so far.</param>
/// <param name="Failed">Records failed so far.</param>
public sealed record IngestionProgress(int Expected, int Indexed, int Skipped, int Failed)
{
    /// <summary>Gets the records dealt with so far.</summary>
    public int Done => Indexed + Skipped + Failed;
}
