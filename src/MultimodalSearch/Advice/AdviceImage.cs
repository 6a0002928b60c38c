using Microsoft.Extensions.AI;

namespace MultimodalSearch;

/// <summary>One image attached to the stylist's request, with the caption that says what it shows.</summary>
/// <param name="Caption">What the image shows ("The shopper's photo", "Product 2: Grey Jacket (jacket)").</param>
/// <param name="Content">The encoded image.</param>
internal sealed record AdviceImage(string Caption, DataContent Content);
