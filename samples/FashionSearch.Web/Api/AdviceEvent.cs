using System.Text.Json.Serialization;

namespace FashionSearch.Web.Api;

/// <summary>The <c>advice</c> event: the next piece of the advice text.</summary>
/// <param name="Text">The text to append.</param>
internal sealed record AdviceEvent([property: JsonPropertyName("text")] string Text);
