using MultimodalSearch;

namespace FashionSearch.Web.Api;

/// <summary>A workflow request built from the form, with the id of the upload kept for it.</summary>
/// <param name="Request">The workflow request.</param>
/// <param name="UploadId">The id of this turn's uploaded photo in the upload cache, or null.</param>
internal sealed record PreparedAsk(FashionSearchRequest Request, string? UploadId);
