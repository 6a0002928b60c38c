namespace MultimodalSearch;

/// <summary>
/// One step of a streamed answer (<see cref="FashionSearchWorkflow.AskStreamingAsync(FashionSearchRequest, CancellationToken)"/>),
/// in this order: <see cref="FashionSearchClassifiedUpdate"/>, <see cref="FashionSearchItemsUpdate"/>, any number of
/// <see cref="FashionSearchAdviceUpdate"/>s, and last <see cref="FashionSearchCompletedUpdate"/>.
/// </summary>
public abstract record FashionSearchUpdate;
