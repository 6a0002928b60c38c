using System.Net.ServerSentEvents;
using FashionSearch.Web.Hosting;
using FashionSearch.Web.Images;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using MultimodalSearch;

namespace FashionSearch.Web.Api;

/// <summary>Maps the HTTP API under <c>/api</c>.</summary>
internal static class ApiEndpoints
{
    /// <summary>The rate-limiter and request-timeout policy of the API.</summary>
    public const string Policy = "api";

    /// <summary>The longest search text accepted by <c>GET /api/search</c>.</summary>
    public const int MaxQueryLength = 500;

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The app.</param>
    /// <returns>The API's route group.</returns>
    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.AddEndpointFilter<ReadinessFilter>();
        api.RequireRateLimiting(Policy);
        api.WithRequestTimeout(Policy);
        api.ProducesProblem(StatusCodes.Status400BadRequest);
        api.ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapPost("/ask", AskAsync)
            .AddEndpointFilter<SameOriginFilter>()
            .Accepts<AskForm>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .WithName("Ask")
            .WithSummary("Answers one shopper turn: a message, a photo, or both, in a conversation.")
            .WithDescription("multipart/form-data with message, photo (a file, at most FashionSearchWeb:MaxPhotoBytes), photoItemId (a catalog item as the photo) and conversation (the JSON of the previous answer's conversation). Items carry imageUrl, never server paths.");

        api.MapPost("/ask/stream", StreamAsync)
            .AddEndpointFilter<SameOriginFilter>()
            .Accepts<AskForm>("multipart/form-data")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("AskStream")
            .WithSummary("The same as /api/ask as Server-Sent Events: classification, items, advice (text deltas), done (the full answer) or error (problem details).");

        api.MapGet("/search", SearchAsync)
            .WithName("Search")
            .WithSummary("Searches the catalog by text, optionally in one category; no classification, no advice.");

        api.MapGet("/items/{id}/image", ItemImageAsync)
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ItemImage")
            .WithSummary("A catalog item's thumbnail (JPEG), by id only, with ETag and Cache-Control.");

        return api;
    }

    private static async Task<Ok<AskResponse>> AskAsync(HttpRequest request, AskService service, CancellationToken cancellationToken)
    {
        var input = await AskFormReader.ReadAsync(request, service.Options, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await service.AskAsync(input, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<ServerSentEventsResult<object>> StreamAsync(HttpRequest request, AskService service, ILogger<AskService> logger, CancellationToken cancellationToken)
    {
        var input = await AskFormReader.ReadAsync(request, service.Options, cancellationToken).ConfigureAwait(false);
        var prepared = await service.PrepareAsync(input, cancellationToken).ConfigureAwait(false);
        var events = await AskStreamRunner.StartAsync(
            AskStreamEvents.RunAsync(service, prepared, cancellationToken), () => service.Forget(prepared), logger, cancellationToken).ConfigureAwait(false);
        return TypedResults.ServerSentEvents(events);
    }

    private static async Task<Ok<SearchResponse>> SearchAsync(
        [FromQuery(Name = "q")] string? text,
        [FromQuery] string? category,
        [FromQuery] int? k,
        IMultimodalEmbedder embedder,
        ICatalogStore store,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "Invalid request", "The query parameter 'q' (the search text) is required.");
        }

        if (text.Length > MaxQueryLength)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "Invalid request", $"'q' has {text.Length} characters; at most {MaxQueryLength} are accepted.");
        }

        var top = k ?? 10;
        if (top is < 1 or > 50)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "Invalid request", $"'k' must be 1 to 50; got {top}.");
        }

        if (category is not null)
        {
            var categories = await store.GetCategoriesAsync(cancellationToken).ConfigureAwait(false);
            if (!categories.Contains(category, StringComparer.Ordinal))
            {
                throw new ApiException(StatusCodes.Status400BadRequest, "Unknown category", $"The catalog has no category '{category}'; it has {string.Join(", ", categories)}.");
            }
        }

        var embedding = await embedder.EmbedTextAsync(text, cancellationToken).ConfigureAwait(false);
        var hits = await store.SearchAsync(new CatalogQuery { Text = embedding, Categories = category is null ? null : [category], Top = top }, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new SearchResponse([.. hits.Select(ItemView.From)]));
    }

    private static async Task<IResult> ItemImageAsync(string id, HttpContext context, ItemThumbnails thumbnails, CancellationToken cancellationToken)
    {
        ItemIds.Require(id, "id");
        var thumbnail = await thumbnails.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var headers = context.Response.GetTypedHeaders();
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromHours(1) };
        headers.ETag = new EntityTagHeaderValue(thumbnail.ETag);
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(headers.ETag, useStrongComparison: false)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(thumbnail.Jpeg.ToArray(), "image/jpeg");
    }
}
